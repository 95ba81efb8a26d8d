#include "tcp_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace vigie::testing {

namespace {

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  return addr;
}

// Writes all of DATA to FD; false once the connection is gone.
bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

TcpRelay::TcpRelay(int target_port) : target_port_(target_port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  const int on = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  auto addr = loopback(0);
  socklen_t len = sizeof addr;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listener_);
    throw std::runtime_error("the TCP relay cannot listen on 127.0.0.1");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

TcpRelay::~TcpRelay() {
  stopping_ = true;
  cut();
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& link : links_)
    if (link.pump.joinable()) link.pump.join();
  ::close(listener_);
}

void TcpRelay::accept_loop() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    const int target = ::socket(AF_INET, SOCK_STREAM, 0);
    const auto addr = loopback(target_port_);
    if (::connect(target, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(target);
      ::close(client);  // the client sees its connection refused, as with no broker
      continue;
    }
    // Small MQTT packets go on at once, as on a direct connection.
    const int on = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    ::setsockopt(target, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    std::lock_guard lock(mu_);
    if (stopping_) {
      ::close(client);
      ::close(target);
      return;
    }
    auto& link = links_.emplace_back();
    link.client = client;
    link.target = target;
    ++accepted_;
    link.pump = std::thread([this, &link] { pump(link); });
  }
}

void TcpRelay::pump(Link& link) {
  char buf[64 * 1024];
  for (;;) {
    pollfd p[2] = {{link.client, POLLIN, 0}, {link.target, POLLIN, 0}};
    if (::poll(p, 2, 100) < 0) break;
    bool ended = false;
    for (int i = 0; i < 2 && !ended; ++i) {
      if (p[i].revents == 0) continue;
      const ssize_t n = ::recv(p[i].fd, buf, sizeof buf, 0);
      ended = n <= 0 || !send_all(p[1 - i].fd, buf, static_cast<std::size_t>(n));
    }
    if (ended) break;
  }
  std::lock_guard lock(mu_);
  ::shutdown(link.client, SHUT_RDWR);
  ::shutdown(link.target, SHUT_RDWR);
  ::close(link.client);
  ::close(link.target);
  link.open = false;
}

int TcpRelay::cut() {
  std::lock_guard lock(mu_);
  int n = 0;
  for (auto& link : links_) {
    if (!link.open || link.cut) continue;
    link.cut = true;
    // Both peers see the connection end; the pump then closes both descriptors.
    ::shutdown(link.client, SHUT_RDWR);
    ::shutdown(link.target, SHUT_RDWR);
    ++n;
  }
  return n;
}

}  // namespace vigie::testing
