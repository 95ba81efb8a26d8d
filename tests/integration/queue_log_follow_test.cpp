// vigie-node following a live queue_log against a real Mosquitto and gateway:
// a writer appends rows as Asterisk does (stamped as written, a line at a time),
// rotates the file by rename in the middle (still appending to the renamed file
// a moment, as Asterisk does until it reopens its log), while the node is
// killed (SIGKILL) and restarted twice. Every row's event is stored exactly
// once, and none is refused: no event below a watermark the node sent.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <fstream>
#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "node_process.hpp"

using namespace vigie::testing;

namespace {

constexpr int kAgents = 5;
constexpr int kCalls = 150;

class QueueLogFollow : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-queue-log-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "asterisk");
    queue_log_ = dir_ / "asterisk" / "queue_log";
    broker_ = std::make_unique<Broker>(dir_ / "broker");
    gateway_ = std::make_unique<GatewayProcess>(dir_ / "gateway", broker_->url());
  }
  void TearDown() override {
    if (HasFailure())
      std::cerr << "--- gateway ---\n"
                << gateway_->log_text() << "\n--- node ---\n"
                << node_log() << std::endl;
    node_.reset();
    gateway_.reset();
    broker_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  void start_node() {
    node_ = std::make_unique<NodeProcess>(
        dir_ / "node", broker_->url(), "pbx-1",
        std::vector<std::string>{"--source", "asterisk-queue-log", queue_log_.string(), "--team",
                                 "sav-1", "--batch-ms", "100", "--ack-timeout", "2000", "--beat",
                                 "1"});
  }
  std::string node_log() {
    std::ifstream in(dir_ / "node" / "pbx-1.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::int64_t count(const std::string& where) {
    return gateway_->query("SELECT count(*) FROM events WHERE node = 'pbx-1' AND " + where);
  }

  std::filesystem::path dir_, queue_log_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<NodeProcess> node_;
};

TEST_F(QueueLogFollow, KilledTwiceThroughARotationEveryRowIsStoredOnce) {
  start_node();  // before the file exists, as before Asterisk's first start
  std::atomic<int> written{0};
  std::thread asterisk([&] {
    std::ofstream out(queue_log_, std::ios::app);
    auto row = [&](const std::string& rest) {
      out << std::time(nullptr) << "|" << rest << "\n" << std::flush;
      std::this_thread::sleep_for(std::chrono::milliseconds(15));
    };
    for (int a = 0; a < kAgents; ++a)
      row("MANAGER|sales|PJSIP/20" + std::to_string(a) + "|ADDMEMBER|");
    for (int c = 0; c < kCalls; ++c) {
      const std::string agent = "PJSIP/20" + std::to_string(c % kAgents);
      const std::string call = "1765000000." + std::to_string(c);
      row(call + "|sales|" + agent + "|CONNECT|3|" + call + "1|2");
      row(call + "|sales|" + agent + "|COMPLETECALLER|3|40|1");
      written = c + 1;
      if (c == kCalls / 2) {
        // logrotate (create): rename, a new empty file; Asterisk reopens a little later.
        std::filesystem::rename(queue_log_, queue_log_.string() + ".1");
        std::ofstream(queue_log_, std::ios::app).flush();
        for (int k = 0; k < 3; ++k) {
          ++c;
          const std::string a2 = "PJSIP/20" + std::to_string(c % kAgents);
          const std::string call2 = "1765000000." + std::to_string(c);
          row(call2 + "|sales|" + a2 + "|CONNECT|3|" + call2 + "1|2");
          row(call2 + "|sales|" + a2 + "|COMPLETECALLER|3|40|1");
          written = c + 1;
        }
        out.close();
        out.open(queue_log_, std::ios::app);
      }
    }
  });
  for (int threshold : {kCalls / 3, 2 * kCalls / 3}) {
    ASSERT_TRUE(eventually([&] { return written >= threshold; }));
    node_->kill9();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    start_node();
  }
  asterisk.join();
  const std::int64_t expected = kAgents + 2 * kCalls;
  EXPECT_TRUE(eventually([&] { return count("1") >= expected; }, std::chrono::seconds(40)))
      << count("1") << " of " << expected;
  EXPECT_EQ(count("state = 'talking'"), kCalls);
  EXPECT_EQ(gateway_->query("SELECT count(DISTINCT call) FROM events WHERE node = 'pbx-1' AND "
                            "state = 'talking'"),
            kCalls);
  EXPECT_EQ(count("state = 'available'"), kAgents + kCalls);
  EXPECT_EQ(count("1"), expected);
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM quarantine"), 0) << "no event below a watermark";
  EXPECT_NE(node_log().find("rotated"), std::string::npos);
}

}  // namespace
