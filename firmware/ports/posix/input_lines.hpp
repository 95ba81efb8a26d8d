// Event lines from a file descriptor (stdin), numbered from 1. A line is taken
// with front() and dropped with pop() once handled, so a line the journal
// cannot take yet stays first in line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::posix {

class InputLines {
 public:
  static constexpr std::size_t kMaxLine = 64 * 1024;

  struct Line {
    std::string_view text;  // without the newline
    std::uint64_t number = 0;
    bool too_long = false;  // longer than kMaxLine: text is empty, the line is lost
  };

  explicit InputLines(int fd) : fd_(fd) {}

  // Reads what the descriptor has (call when it polls readable).
  void fill();
  bool front(Line& out);
  void pop();
  // End of input reached and every line taken.
  bool finished() const { return eof_ && !has_front_ && !discarding_ && start_ == buffer_.size(); }

 private:
  bool find_line();

  int fd_;
  std::string buffer_;
  std::size_t start_ = 0;       // first byte of the first unhandled line
  std::size_t line_end_ = 0;    // end of the line front() returned
  std::size_t next_start_ = 0;  // where the line after it starts
  bool has_front_ = false;
  bool front_too_long_ = false;
  bool discarding_ = false;  // inside an overlong line, waiting for its newline
  bool eof_ = false;
  std::uint64_t number_ = 0;  // of the last line popped
};

}  // namespace vigie::posix
