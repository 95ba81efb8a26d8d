#include "webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace vigie::testing {

WebhookReceiver::WebhookReceiver() {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0)
    throw std::runtime_error("webhook receiver: cannot listen");
  socklen_t len = sizeof addr;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
  thread_.join();
}

std::vector<WebhookReceiver::Call> WebhookReceiver::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

void WebhookReceiver::serve() {
  for (;;) {
    const int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    std::string in;
    char buf[4096];
    std::size_t need = std::string::npos;
    while (need == std::string::npos || in.size() < need) {
      const auto n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
      const auto head = in.find("\r\n\r\n");
      if (head != std::string::npos && need == std::string::npos) {
        std::string lower = in.substr(0, head);
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const auto cl = lower.find("content-length: ");
        need = head + 4 + (cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 16)));
      }
    }
    const auto head = in.find("\r\n\r\n");
    if (head != std::string::npos) {
      std::istringstream line(in.substr(0, in.find("\r\n")));
      std::string method, path;
      line >> method >> path;
      std::lock_guard lock(mu_);
      calls_.push_back({path, in.substr(head + 4)});
    }
    const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    [[maybe_unused]] auto w = ::write(c, ok.data(), ok.size());
    ::close(c);
  }
}

std::string require_program(const std::string& program, const std::string& package) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const auto candidate = std::filesystem::path(dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  throw std::runtime_error(program + " is missing: install the Debian package '" + package +
                           "' (scripts/setup does)");
}

}  // namespace vigie::testing
