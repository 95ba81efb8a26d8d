#include "input_lines.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigie::posix {

void InputLines::fill() {
  if (eof_) return;
  char chunk[64 * 1024];
  ssize_t n = ::read(fd_, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    eof_ = true;  // end of input, or an error that ends it just the same
    return;
  }
  if (!has_front_ && start_ > 0) {  // drop what was handled; indices restart at 0
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
}

bool InputLines::find_line() {
  for (;;) {
    const char* data = buffer_.data();
    const std::size_t available = buffer_.size() - start_;
    const auto* newline = static_cast<const char*>(std::memchr(data + start_, '\n', available));
    if (discarding_) {
      // The rest of an overlong line, up to its newline (or the end of input).
      if (newline != nullptr) {
        next_start_ = static_cast<std::size_t>(newline - data) + 1;
      } else if (eof_) {
        next_start_ = buffer_.size();
      } else {
        start_ = buffer_.size();  // nothing of it is kept; wait for more
        return false;
      }
      discarding_ = false;
      front_too_long_ = true;
      line_end_ = start_;
      return has_front_ = true;
    }
    if (newline != nullptr) {
      line_end_ = static_cast<std::size_t>(newline - data);
      next_start_ = line_end_ + 1;
      front_too_long_ = line_end_ - start_ > kMaxLine;
    } else if (available > kMaxLine) {
      discarding_ = true;
      start_ = buffer_.size();
      continue;
    } else if (eof_ && available > 0) {
      line_end_ = next_start_ = buffer_.size();  // a last line without a newline
      front_too_long_ = false;
    } else {
      return false;
    }
    return has_front_ = true;
  }
}

bool InputLines::front(Line& out) {
  if (!has_front_ && !find_line()) return false;
  out.number = number_ + 1;
  out.too_long = front_too_long_;
  out.text = std::string_view();
  if (!front_too_long_) {
    std::size_t end = line_end_;
    if (end > start_ && buffer_[end - 1] == '\r') --end;  // CRLF feeds
    out.text = std::string_view(buffer_).substr(start_, end - start_);
  }
  return true;
}

void InputLines::pop() {
  if (!has_front_) return;
  has_front_ = false;
  start_ = next_start_;
  ++number_;
}

}  // namespace vigie::posix
