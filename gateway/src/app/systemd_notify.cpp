#include "app/systemd_notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace vigie::app {

SystemdNotifier::SystemdNotifier() {
  if (const char* s = std::getenv("NOTIFY_SOCKET"); s && (s[0] == '/' || s[0] == '@'))
    socket_path_ = s;
  const char* usec = std::getenv("WATCHDOG_USEC");
  if (!usec) return;
  // WATCHDOG_PID, when set, names the process the watchdog is for.
  if (const char* pid = std::getenv("WATCHDOG_PID"); pid && std::atoll(pid) != ::getpid()) return;
  char* end = nullptr;
  const unsigned long long us = std::strtoull(usec, &end, 10);
  if (end == usec || *end != '\0' || us == 0) return;
  watchdog_every_ = std::chrono::milliseconds(std::max<unsigned long long>(us / 2000, 1));
}

bool SystemdNotifier::notify(const std::string& state) const {
  if (socket_path_.empty()) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path_.size() >= sizeof(addr.sun_path)) return false;
  std::memcpy(addr.sun_path, socket_path_.data(), socket_path_.size());
  socklen_t len = offsetof(sockaddr_un, sun_path) + socket_path_.size();
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const auto sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                             reinterpret_cast<const sockaddr*>(&addr), len);
  ::close(fd);
  return sent == static_cast<ssize_t>(state.size());
}

}  // namespace vigie::app
