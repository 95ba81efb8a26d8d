#include "wan_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace vigie::testing {

WanProxy::WanProxy(int target_port) : target_port_(target_port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 64) != 0)
    throw std::runtime_error("proxy: cannot listen");
  socklen_t len = sizeof addr;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

WanProxy::~WanProxy() {
  stopping_ = true;
  ::shutdown(listener_, SHUT_RDWR);
  ::close(listener_);
  acceptor_.join();
  cut();
  std::lock_guard lock(mu_);
  for (auto& p : pipes_) {
    p->pump.join();
    ::close(p->a);
    ::close(p->b);
  }
}

void WanProxy::accept_loop() {
  while (!stopping_) {
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) {
      if (stopping_) return;
      continue;
    }
    if (down_) {  // the WAN is down: the connection goes nowhere
      ::close(client);
      continue;
    }
    const int target = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(target_port_));
    if (::connect(target, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(target);
      ::close(client);
      continue;
    }
    accepted_++;
    std::lock_guard lock(mu_);
    // Pipes whose pump ended are reaped here, so a long test keeps few threads.
    for (auto it = pipes_.begin(); it != pipes_.end();) {
      if ((*it)->done) {
        (*it)->pump.join();
        ::close((*it)->a);
        ::close((*it)->b);
        it = pipes_.erase(it);
      } else {
        ++it;
      }
    }
    auto& p = *pipes_.emplace_back(std::make_unique<Pipe>());
    p.a = client;
    p.b = target;
    p.pump = std::thread([&p] { pump(p); });
  }
}

void WanProxy::pump(Pipe& p) {
  char buf[16384];
  pollfd fds[2] = {{p.a, POLLIN, 0}, {p.b, POLLIN, 0}};
  while (::poll(fds, 2, -1) > 0) {
    bool ended = false;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ended = true;
        break;
      }
      for (ssize_t off = 0; off < n;) {
        const ssize_t w = ::write(fds[1 - i].fd, buf + off, static_cast<std::size_t>(n - off));
        if (w <= 0) {
          ended = true;
          break;
        }
        off += w;
      }
      if (ended) break;
    }
    if (ended) break;
  }
  // Closed only when reaped, under the lock: cut() never touches a reused descriptor.
  ::shutdown(p.a, SHUT_RDWR);
  ::shutdown(p.b, SHUT_RDWR);
  p.done = true;
}

int WanProxy::cut() {
  std::lock_guard lock(mu_);
  int n = 0;
  for (auto& p : pipes_)
    if (!p->done) {
      // Shutting both sockets wakes the pump, which closes them.
      ::shutdown(p->a, SHUT_RDWR);
      ::shutdown(p->b, SHUT_RDWR);
      ++n;
    }
  return n;
}

}  // namespace vigie::testing
