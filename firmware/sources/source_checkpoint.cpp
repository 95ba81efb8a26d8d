#include "source_checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/identifiers.hpp"

namespace vigie::sources {

namespace {

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

bool write_checkpoint(const std::string& path, const Checkpoint& c, std::string& error) {
  char epoch[fw::kEpochChars + 1];
  fw::format_epoch(c.epoch, epoch);
  const nlohmann::json j = {{"v", 1}, {"epoch", epoch}, {"seq", c.seq}, {"source", c.source}};
  const std::string text = j.dump() + "\n";
  const std::string temporary = path + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) {
    error = temporary + ": " + std::strerror(errno);
    return false;
  }
  const bool written = write_all(fd, text) && ::fdatasync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    error = path + ": " + std::strerror(written ? errno : saved);
    return false;
  }
  // The rename itself must survive a power cut.
  const int dir = ::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return true;
}

CheckpointRead read_checkpoint(const std::string& path, Checkpoint& c, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    if (errno == ENOENT) return CheckpointRead::none;
    error = path + ": " + std::strerror(errno);
    return CheckpointRead::bad;
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const nlohmann::json j = nlohmann::json::parse(text.str());
    if (j.at("v").get<int>() != 1) throw std::runtime_error("unknown version");
    if (!fw::parse_epoch(j.at("epoch").get<std::string>(), c.epoch))
      throw std::runtime_error("epoch is not 16 hex digits");
    c.seq = j.at("seq").get<std::uint64_t>();
    c.source = j.at("source");
  } catch (const std::exception& e) {
    error = path + ": not a checkpoint vigie-node wrote (" + e.what() + ")";
    return CheckpointRead::bad;
  }
  return CheckpointRead::ok;
}

}  // namespace vigie::sources
