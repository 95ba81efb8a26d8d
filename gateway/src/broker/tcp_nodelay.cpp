#include "broker/tcp_nodelay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <charconv>
#include <filesystem>
#include <system_error>

namespace vigie::broker {

std::optional<int> broker_port(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return std::nullopt;
  const std::string scheme = url.substr(0, scheme_end);
  const bool tls = scheme == "ssl" || scheme == "mqtts";
  if (!tls && scheme != "tcp" && scheme != "mqtt") return std::nullopt;
  std::string rest = url.substr(scheme_end + 3);
  if (const auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  const auto colon = rest.rfind(':');
  // "[::1]" has colons inside the brackets: a port comes after the closing one.
  if (colon == std::string::npos || (rest.find(']') != std::string::npos && colon < rest.find(']')))
    return tls ? 8883 : 1883;
  int port = 0;
  const char* first = rest.data() + colon + 1;
  const char* last = rest.data() + rest.size();
  const auto [end, ec] = std::from_chars(first, last, port);
  if (ec != std::errc() || end != last || port < 1 || port > 65535) return std::nullopt;
  return port;
}

namespace {

std::optional<int> peer_port(int fd) {
  int type = 0;
  socklen_t len = sizeof type;
  if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM)
    return std::nullopt;
  sockaddr_storage peer{};
  len = sizeof peer;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) return std::nullopt;
  if (peer.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&peer)->sin_port);
  if (peer.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&peer)->sin6_port);
  return std::nullopt;
}

// Calls F on each connected TCP socket of this process whose peer port is PORT; counts the
// ones for which F returns true.
template <typename F>
int for_each_socket_to(int port, F&& f) {
  int n = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    const std::string name = entry.path().filename().string();
    const auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), fd);
    if (err != std::errc() || end != name.data() + name.size()) continue;
    if (peer_port(fd) != port) continue;
    if (f(fd)) ++n;
  }
  return n;
}

}  // namespace

int set_nodelay_to_port(int port) {
  return for_each_socket_to(port, [](int fd) {
    const int on = 1;
    return ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0;
  });
}

int shut_down_to_port(int port) {
  return for_each_socket_to(port, [](int fd) { return ::shutdown(fd, SHUT_RDWR) == 0; });
}

}  // namespace vigie::broker
