#include "gateway_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace vigie::testing {

namespace {
// SHA-256 of kTestToken.
constexpr const char* kTestTokenSha256 =
    "006e2023559d50e5c2f10c7dfa6549e77350f22a0539a79d2b79e7aab3385839";
GatewayOptions with_extra_yaml(const std::string& extra_yaml) {
  GatewayOptions options;
  options.extra_yaml = extra_yaml;
  return options;
}

}  // namespace

std::string vigie_binary() {
  return VIGIE_BINARY;
}

GatewayProcess::GatewayProcess(std::filesystem::path dir, const std::string& broker_url,
                               const std::string& extra_yaml)
    : GatewayProcess(std::move(dir), broker_url, with_extra_yaml(extra_yaml)) {}

GatewayProcess::GatewayProcess(std::filesystem::path dir, const std::string& broker_url,
                               const GatewayOptions& options)
    : dir_(std::move(dir)),
      http_port_(free_port()),
      wait_healthy_(options.wait_healthy),
      env_(options.env) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "vigie.yaml")
      << "site: paris-1\n"
      << "gateway_id: gw-test\n"
      << "broker:\n  url: " << broker_url << "\n"
      << options.broker_yaml << "store:\n  path: vigie.db\n"
      << "http:\n  listen: 127.0.0.1:" << http_port_ << "\n"
      << "tokens:\n  - {name: test, role: admin, sha256: \"" << kTestTokenSha256 << "\"}\n"
      << options.tokens_yaml << (options.governance_complete ? kGovernanceComplete : "")
      << options.extra_yaml;
  start();
}

GatewayProcess::~GatewayProcess() {
  process_.stop(SIGKILL);
}

void GatewayProcess::start() {
  std::vector<std::string> argv;
  if (!env_.empty()) {
    argv.push_back("/usr/bin/env");
    argv.insert(argv.end(), env_.begin(), env_.end());
  }
  for (const auto& a : {vigie_binary(), std::string("gateway"), std::string("--config"),
                        (dir_ / "vigie.yaml").string()})
    argv.push_back(a);
  process_ = Process(argv, dir_ / "gateway.log");
  if (!wait_healthy_) return;
  const bool up = eventually(
      [&] { return http_get(http_port_, "/healthz").rfind("200", 0) == 0 || !process_.running(); },
      std::chrono::seconds(30));
  if (!up || !process_.running())
    throw std::runtime_error("gateway did not become healthy: " + process_.log_text());
}

int GatewayProcess::kill9() {
  return process_.stop(SIGKILL);
}
int GatewayProcess::terminate() {
  return process_.stop(SIGTERM);
}

std::int64_t GatewayProcess::query(const std::string& sql) const {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return -1;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  std::int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

std::vector<std::string> GatewayProcess::texts(const std::string& sql) const {
  sqlite3* db = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open_v2(db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK)
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, 0);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

bool eventually(const std::function<bool()>& cond, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return cond();
}

bool settles(const std::function<std::int64_t()>& count, std::chrono::milliseconds interval,
             std::chrono::milliseconds limit) {
  std::int64_t before = -1;
  return eventually(
      [&] {
        const auto now = count();
        const bool stable = now == before;
        before = now;
        std::this_thread::sleep_for(interval);
        return stable;
      },
      limit);
}

std::string http_get(int port, const std::string& target, const std::string& token) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
  req += "\r\n";
  if (write(fd, req.data(), req.size()) < 0) {
    close(fd);
    return "";
  }
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) resp.append(buf, static_cast<std::size_t>(n));
  close(fd);
  // "HTTP/1.1 200 OK\r\n...\r\n\r\nBODY" -> "200 BODY"
  if (resp.size() < 12) return "";
  const auto body = resp.find("\r\n\r\n");
  return resp.substr(9, 3) + " " + (body == std::string::npos ? "" : resp.substr(body + 4));
}

std::optional<std::string> http_get_within(int port, const std::string& target,
                                           const std::string& token,
                                           std::chrono::milliseconds limit) {
  using clock = std::chrono::steady_clock;
  const auto end = clock::now() + limit;
  // Waits until FD is ready for EVENTS or the time is up.
  auto ready = [&](int fd, short events) {
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd, events, 0};
      const int n = ::poll(&p, 1, static_cast<int>(left.count()) + 1);
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) return false;
    }
  };
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  std::optional<std::string> answer;
  std::string resp;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
    close(fd);
    return std::nullopt;
  }
  int error = 0;
  socklen_t len = sizeof error;
  if (!ready(fd, POLLOUT) || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 ||
      error != 0) {
    close(fd);
    return std::nullopt;
  }
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
  req += "\r\n";
  for (std::size_t sent = 0; sent < req.size();) {
    if (!ready(fd, POLLOUT)) {
      close(fd);
      return std::nullopt;
    }
    const ssize_t n = send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      close(fd);
      return std::nullopt;
    }
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
  // Connection: close, so the whole response ends with the connection.
  char buf[4096];
  for (;;) {
    if (!ready(fd, POLLIN)) break;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      resp.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0) {
      if (resp.size() >= 12) {
        const auto body = resp.find("\r\n\r\n");
        answer = resp.substr(9, 3) + " " + (body == std::string::npos ? "" : resp.substr(body + 4));
      }
      break;
    } else if (errno != EAGAIN && errno != EINTR) {
      break;
    }
  }
  close(fd);
  return answer;
}

}  // namespace vigie::testing
