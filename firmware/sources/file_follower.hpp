// Follows a log file as a program appends to it, like `tail -F`: complete lines
// only (a line written in pieces is handed out once its newline is there),
// through rotation by rename (the old file is read to its end, then the new one
// from its start once something writes to it) and truncation (read again from
// the start). Its position (device, inode, offset, line number) can be kept and
// given back at the next start: if the file was rotated meanwhile, the rotated
// file is looked for by inode in the same folder and read to its end first.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::sources {

struct FilePosition {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t offset = 0;  // just after the last line handed out
  std::uint64_t line = 0;    // its number in that file
};

class FileFollower {
 public:
  static constexpr std::size_t kMaxLine = 64 * 1024;

  struct Line {
    std::string_view text;  // without the newline (or CR LF); valid until the next call
    std::uint64_t number = 0;
    bool too_long = false;  // over kMaxLine: text is empty, the line is skipped
  };

  FileFollower() = default;
  ~FileFollower();
  FileFollower(const FileFollower&) = delete;
  FileFollower& operator=(const FileFollower&) = delete;

  // Follows `path` from `from` (a position kept earlier) or from its start. A
  // missing file is waited for. `note` says what happened (rotated while away,
  // truncated...), or is left empty.
  void start(const std::string& path, const FilePosition* from, std::string& note);

  // The next complete line, or false if none is there yet. With `follow`
  // false, the end of the file ends it (a last line without a newline is
  // handed out).
  bool next(Line& out, std::string& note);

  FilePosition position() const { return position_; }
  // Nothing more to read now, and no line half written.
  bool at_end() const { return at_end_ && buffer_.empty(); }
  bool waiting_for_file() const { return fd_ < 0; }
  void set_follow(bool follow) { follow_ = follow; }
  bool finished() const {
    return ((!follow_ && at_end_) || eof_) && buffer_.empty() && !switch_pending_;
  }
  // A pipe (stdin) rather than a file: read as it comes, never reopened, ended
  // by its writer closing it.
  void start_stream(int fd);

 private:
  bool open_path(std::uint64_t offset, std::uint64_t line);
  bool open_file(const std::string& file, std::uint64_t offset, std::uint64_t line);
  bool fill();  // reads more; false at the end for now
  enum class PathChange : std::uint8_t { none, more, rotated, truncated };
  PathChange check_path(std::string& note);
  void close_fd();

  std::string path_;
  int fd_ = -1;
  FilePosition position_;
  std::string buffer_;  // read, not yet handed out (a partial line at most, mostly)
  std::uint64_t read_offset_ = 0;
  bool at_end_ = false;
  bool follow_ = true;
  bool stream_ = false;
  bool eof_ = false;             // a stream's writer closed it
  bool discarding_ = false;      // inside an overlong line
  bool switch_pending_ = false;  // the path names a new file: move on at the old one's end
  std::int64_t last_check_ms_ = 0;
  std::string held_;  // the last line handed out
};

}  // namespace vigie::sources
