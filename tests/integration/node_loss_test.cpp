// End to end with the real edge node: vigie-node journals what it reads,
// sends it through a real Mosquitto, and releases it only on the gateway's
// durable ack. Through a gateway SIGKILL, a broker restart and a 30-second
// network cut, every event ends up stored exactly once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "node_process.hpp"

using namespace vigie::testing;

namespace {

class NodeLoss : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-node-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    broker_ = std::make_unique<Broker>(dir_ / "broker");
    gateway_ = std::make_unique<GatewayProcess>(dir_ / "gateway", broker_->url());
    node_ = std::make_unique<NodeProcess>(
        dir_ / "node", broker_->url(), "acd-1",
        std::vector<std::string>{"--ack-timeout", "2000", "--batch-ms", "200", "--drain-timeout",
                                 "120"});
  }
  void TearDown() override {
    if (HasFailure())
      std::cerr << "--- gateway ---\n"
                << gateway_->log_text() << "\n--- node ---\n"
                << node_->log_text() << "\n--- broker ---\n"
                << broker_->log_text() << std::endl;
    node_.reset();
    gateway_.reset();
    broker_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  std::int64_t stored() { return gateway_->query("SELECT count(*) FROM events"); }
  void feed(std::uint64_t from, std::uint64_t to) {
    for (auto i = from; i <= to; ++i) node_->write_line(stream_line(i));
  }
  // Every line 1..N stored once, as seq 1..N, with its own content.
  void expect_exactly(std::int64_t n) {
    EXPECT_EQ(stored(), n);
    EXPECT_EQ(gateway_->query("SELECT count(DISTINCT seq) FROM events"), n);
    EXPECT_EQ(gateway_->query("SELECT count(*) FROM events WHERE ts = " +
                              std::to_string(kStreamBaseTs) + " + seq * 10"),
              n);
    EXPECT_EQ(gateway_->query("SELECT max(seq) FROM events"), n);
    EXPECT_EQ(gateway_->query("SELECT count(*) FROM quarantine"), 0);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<NodeProcess> node_;
};

}  // namespace

TEST_F(NodeLoss, CleanStreamIsStoredOnceAndTheNodeEndsFullyAcked) {
  feed(1, 3000);
  EXPECT_EQ(node_->finish(), 0) << "exit 0 means every event was acked";
  expect_exactly(3000);
  EXPECT_EQ(
      gateway_->query("SELECT count(*) FROM nodes WHERE node = 'acd-1' AND state = 'offline'"), 1)
      << "an orderly stop says offline";
}

TEST_F(NodeLoss, GatewayKilledMidStreamLosesNothing) {
  std::thread writer([&] { feed(1, 12000); });
  for (std::int64_t threshold : {2000, 6000}) {
    ASSERT_TRUE(eventually([&] { return stored() >= threshold; }));
    gateway_->kill9();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    gateway_->start();
  }
  writer.join();
  EXPECT_EQ(node_->finish(), 0);
  expect_exactly(12000);
}

TEST_F(NodeLoss, BrokerRestartMidStreamLosesNothing) {
  std::thread writer([&] { feed(1, 8000); });
  ASSERT_TRUE(eventually([&] { return stored() >= 2000; }));
  broker_->stop();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  broker_->start();
  writer.join();
  EXPECT_EQ(node_->finish(), 0);
  expect_exactly(8000);
}

TEST_F(NodeLoss, ThirtySecondNetworkCutLosesNothing) {
  feed(1, 2000);
  ASSERT_TRUE(eventually([&] { return stored() >= 1000; }));
  broker_->stop();
  // The node goes on reading and journaling while it cannot reach anyone.
  feed(2001, 5000);
  std::this_thread::sleep_for(std::chrono::seconds(30));
  broker_->start();
  feed(5001, 6000);
  EXPECT_EQ(node_->finish(), 0);
  expect_exactly(6000);
}

TEST_F(NodeLoss, ANodeKilledIsLostAndItsLossAlerted) {
  // vigie-node's Will (lost) is written with its time before it connects, so it is older
  // than the online it ends: the gateway must take it all the same (SYS-01 opens).
  feed(1, 20);
  ASSERT_TRUE(eventually([&] { return stored() == 20; }));
  ASSERT_TRUE(eventually([&] {
    return gateway_->query(
               "SELECT count(*) FROM nodes WHERE node = 'acd-1' AND state = 'online'") == 1;
  }));
  node_->kill9();
  // The broker publishes the Will once 1.5 keepalives (30 s) have passed in silence.
  ASSERT_TRUE(eventually(
      [&] {
        return gateway_->query(
                   "SELECT count(*) FROM nodes WHERE node = 'acd-1' AND state = 'lost'") == 1;
      },
      std::chrono::seconds(90)))
      << "the node's Will did not end its session";
  ASSERT_TRUE(eventually([&] {
    return gateway_->query("SELECT count(*) FROM alerts WHERE criterion = 'SYS-01' AND "
                           "subject_id = 'acd-1' AND state = 'pending'") == 1;
  })) << "SYS-01 did not open";
  expect_exactly(20);
}
