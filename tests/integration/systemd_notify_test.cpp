// The gateway under systemd's Type=notify: READY=1 once its store is open and its
// HTTP port listens, WATCHDOG=1 fed while it runs, STOPPING=1 when it drains;
// spoken to a real datagram socket as the service manager's.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "process.hpp"

using namespace vigie::testing;

namespace {

// The service manager's end: a datagram socket bound at a path.
class NotifySocket {
 public:
  explicit NotifySocket(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("cannot bind " + path_.string());
  }
  ~NotifySocket() {
    ::close(fd_);
    std::filesystem::remove(path_);
  }
  // The next datagram within LIMIT, or "" if none came.
  std::string next(std::chrono::milliseconds limit) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return "";
    char buf[4096];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
  }
  // Datagrams until one contains WHAT (within LIMIT each); all of them, the last matching.
  std::vector<std::string> until(const std::string& what, std::chrono::milliseconds limit) {
    std::vector<std::string> seen;
    for (;;) {
      auto d = next(limit);
      if (d.empty()) return seen;
      seen.push_back(d);
      if (d.find(what) != std::string::npos) return seen;
    }
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

class SystemdNotify : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-notify-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

}  // namespace

TEST_F(SystemdNotify, ReadyOnceListeningWatchdogFedStoppingOnSigterm) {
  Broker broker(dir_ / "broker");
  NotifySocket manager(dir_ / "notify.sock");
  GatewayOptions options;
  options.wait_healthy = false;
  options.env = {"NOTIFY_SOCKET=" + (dir_ / "notify.sock").string(), "WATCHDOG_USEC=600000"};
  GatewayProcess gateway(dir_ / "gateway", broker.url(), options);

  const auto before_ready = manager.until("READY=1", std::chrono::seconds(30));
  ASSERT_FALSE(before_ready.empty()) << gateway.log_text();
  ASSERT_NE(before_ready.back().find("READY=1"), std::string::npos) << gateway.log_text();
  // Ready means ready: the HTTP port answers and the store file exists.
  EXPECT_TRUE(port_open(gateway.http_port()));
  EXPECT_TRUE(std::filesystem::exists(gateway.db_path()));
  EXPECT_NE(before_ready.back().find("STATUS=site paris-1"), std::string::npos);

  // Fed every 300 ms (half of WATCHDOG_USEC): several feeds while it runs.
  int feeds = 0;
  for (int i = 0; i < 20 && feeds < 3; ++i)
    if (manager.next(std::chrono::seconds(5)).find("WATCHDOG=1") != std::string::npos) ++feeds;
  EXPECT_GE(feeds, 3) << gateway.log_text();

  ::kill(gateway.pid(), SIGTERM);
  const auto stopping = manager.until("STOPPING=1", std::chrono::seconds(10));
  ASSERT_FALSE(stopping.empty());
  EXPECT_NE(stopping.back().find("STOPPING=1"), std::string::npos);
  EXPECT_EQ(gateway.terminate(), 0);
}

TEST_F(SystemdNotify, NoWatchdogUnlessAskedAndNothingOutsideSystemd) {
  Broker broker(dir_ / "broker");
  NotifySocket manager(dir_ / "notify.sock");
  GatewayOptions options;
  options.wait_healthy = false;
  // The watchdog is for another process: this one must not feed it.
  options.env = {"NOTIFY_SOCKET=" + (dir_ / "notify.sock").string(), "WATCHDOG_USEC=200000",
                 "WATCHDOG_PID=1"};
  GatewayProcess gateway(dir_ / "gateway", broker.url(), options);
  ASSERT_NE(manager.until("READY=1", std::chrono::seconds(30)).size(), 0u) << gateway.log_text();
  const auto after = manager.next(std::chrono::seconds(2));
  EXPECT_EQ(after.find("WATCHDOG=1"), std::string::npos) << after;

  // Without NOTIFY_SOCKET (a plain start) the gateway runs as before.
  GatewayProcess plain(dir_ / "plain", broker.url());
  EXPECT_EQ(http_get(plain.http_port(), "/healthz").substr(0, 3), "200");
  // A NOTIFY_SOCKET nobody listens on is no reason to stop.
  GatewayOptions deaf;
  deaf.env = {"NOTIFY_SOCKET=" + (dir_ / "nobody.sock").string(), "WATCHDOG_USEC=200000"};
  GatewayProcess alone(dir_ / "alone", broker.url(), deaf);
  EXPECT_EQ(http_get(alone.http_port(), "/healthz").substr(0, 3), "200");
}
