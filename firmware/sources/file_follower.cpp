#include "file_follower.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace vigie::sources {

namespace {

std::int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

bool stat_path(const std::string& path, struct stat& st) {
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A regular file in `folder` with this device and inode (a rotated log), or "".
std::string find_by_inode(const std::string& folder, std::uint64_t device, std::uint64_t inode) {
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return "";
  std::string found;
  while (dirent* entry = ::readdir(dir)) {
    const std::string candidate = folder + "/" + entry->d_name;
    struct stat st {};
    if (stat_path(candidate, st) && static_cast<std::uint64_t>(st.st_dev) == device &&
        static_cast<std::uint64_t>(st.st_ino) == inode) {
      found = candidate;
      break;
    }
  }
  ::closedir(dir);
  return found;
}

}  // namespace

FileFollower::~FileFollower() {
  close_fd();
}

void FileFollower::close_fd() {
  if (fd_ >= 0 && !stream_) ::close(fd_);
  fd_ = -1;
}

bool FileFollower::open_file(const std::string& file, std::uint64_t offset, std::uint64_t line) {
  close_fd();
  buffer_.clear();
  discarding_ = false;
  at_end_ = false;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || ::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
    ::close(fd);
    return false;
  }
  fd_ = fd;
  position_ = {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino), offset,
               line};
  read_offset_ = offset;
  return true;
}

bool FileFollower::open_path(std::uint64_t offset, std::uint64_t line) {
  switch_pending_ = false;
  return open_file(path_, offset, line);
}

void FileFollower::start(const std::string& path, const FilePosition* from, std::string& note) {
  path_ = path;
  note.clear();
  if (from == nullptr) {
    open_path(0, 0);
    return;
  }
  struct stat st {};
  const bool exists = stat_path(path_, st);
  if (exists && static_cast<std::uint64_t>(st.st_dev) == from->device &&
      static_cast<std::uint64_t>(st.st_ino) == from->inode) {
    if (static_cast<std::uint64_t>(st.st_size) >= from->offset) {
      open_path(from->offset, from->line);
    } else {
      note =
          "the file is shorter than the kept position (truncated while stopped): reading "
          "it from its start";
      open_path(0, 0);
    }
    return;
  }
  const std::string rotated = find_by_inode(folder_of(path_), from->device, from->inode);
  struct stat old {};
  if (!rotated.empty() && stat_path(rotated, old) &&
      static_cast<std::uint64_t>(old.st_size) >= from->offset &&
      open_file(rotated, from->offset, from->line)) {
    switch_pending_ = true;
    note = "rotated while stopped: reading " + rotated + " to its end first";
    return;
  }
  note =
      "rotated while stopped and the rotated file is not in the same folder (compressed or "
      "removed): lines written to it after the kept position are lost";
  open_path(0, 0);
}

void FileFollower::start_stream(int fd) {
  close_fd();
  stream_ = true;
  fd_ = fd;
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  position_ = {};
  read_offset_ = 0;
}

bool FileFollower::fill() {
  if (fd_ < 0 || eof_) return false;
  char chunk[64 * 1024];
  const ssize_t n = ::read(fd_, chunk, sizeof chunk);
  if (n <= 0) {
    if (n < 0 && errno == EINTR) return true;
    at_end_ = true;
    if (stream_ && n == 0) eof_ = true;
    return false;
  }
  at_end_ = false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  read_offset_ += static_cast<std::uint64_t>(n);
  return true;
}

FileFollower::PathChange FileFollower::check_path(std::string& note) {
  const std::int64_t now = steady_ms();
  if (now - last_check_ms_ < 200 && !switch_pending_) return PathChange::none;
  last_check_ms_ = now;
  struct stat st {};
  if (!stat_path(path_, st)) return PathChange::none;  // between a rename and the new file
  const bool same = static_cast<std::uint64_t>(st.st_dev) == position_.device &&
                    static_cast<std::uint64_t>(st.st_ino) == position_.inode;
  if (same) {
    if (static_cast<std::uint64_t>(st.st_size) < read_offset_) {
      note = "truncated: reading it again from its start";
      open_path(0, 0);
      return PathChange::truncated;
    }
    return PathChange::none;
  }
  switch_pending_ = true;
  // Asterisk may still append to the renamed file until it reopens its log:
  // move on only once the new file has been written to.
  if (st.st_size > 0 || !follow_) {
    // Rows the writer added to the old file before writing the new one are there now.
    if (fill()) return PathChange::more;
    note = "rotated: reading the new file from its start";
    open_path(0, 0);
    return PathChange::rotated;
  }
  return PathChange::none;
}

bool FileFollower::next(Line& out, std::string& note) {
  note.clear();
  for (;;) {
    if (fd_ < 0) {
      const std::int64_t now = steady_ms();
      if (now - last_check_ms_ < 1000 && last_check_ms_ != 0) return false;
      last_check_ms_ = now;
      if (!open_path(0, 0)) return false;
      note = "the file is there: reading it from its start";
    }
    const std::size_t newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      std::size_t end = newline;
      if (end > 0 && buffer_[end - 1] == '\r') --end;
      out.too_long = discarding_ || newline > kMaxLine;
      held_.assign(out.too_long ? std::string() : buffer_.substr(0, end));
      out.text = held_;
      discarding_ = false;
      buffer_.erase(0, newline + 1);
      position_.offset += newline + 1;
      out.number = ++position_.line;
      return true;
    }
    if (buffer_.size() > kMaxLine) {  // drop what is there, keep counting bytes
      discarding_ = true;
      position_.offset += buffer_.size();
      buffer_.clear();
    }
    if (fill()) continue;
    // At the end of what is written.
    const std::string partial = buffer_;
    const bool partial_too_long = discarding_;
    const std::uint64_t old_line = position_.line;
    const PathChange change =
        !stream_ && (follow_ || switch_pending_) ? check_path(note) : PathChange::none;
    if (change == PathChange::more) continue;
    if (change == PathChange::truncated) continue;  // what was half read was the old content
    if (change == PathChange::rotated) {
      if (partial.empty() && !partial_too_long) continue;
      // The rotated file ended without a newline: its last line is whole.
      held_ = partial_too_long ? std::string() : partial;
      out.text = held_;
      out.too_long = partial_too_long;
      out.number = old_line + 1;
      return true;
    }
    if ((follow_ && !eof_) || (buffer_.empty() && !discarding_)) return false;
    // Not following: a last line without its newline, nothing will complete it.
    out.too_long = discarding_;
    held_.assign(discarding_ ? std::string() : buffer_);
    out.text = held_;
    position_.offset += buffer_.size();
    buffer_.clear();
    discarding_ = false;
    out.number = ++position_.line;
    return true;
  }
}

}  // namespace vigie::sources
