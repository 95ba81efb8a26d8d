// The gateway core against a real Mosquitto and a real SQLite file: nothing
// lost, nothing doubled, through bad input, SIGKILL and a broker restart.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using nlohmann::json;
using namespace vigie::testing;

namespace {

const std::string kEpoch = "9f2c41d07a3be810";
const std::string kNodeTopic = "vigie/v1/paris-1/node/acd-1/";

class IngestIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    broker_ = std::make_unique<Broker>(dir_ / "broker");
    gateway_ = std::make_unique<GatewayProcess>(dir_ / "gateway", broker_->url());
    node_ = std::make_unique<MqttClient>(broker_->url(), "test-node-acd-1");
    node_->subscribe(kNodeTopic + "ack");
    node_->subscribe(kNodeTopic + "cmd");
  }
  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "--- gateway log ---\n"
                << gateway_->log_text() << "\n--- broker log ---\n"
                << broker_->log_text() << std::endl;
    }
    node_.reset();
    gateway_.reset();
    broker_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  void send(std::uint64_t from, std::uint64_t to) {
    node_->publish(kNodeTopic + "evt", batch_json("acd-1", kEpoch, from, to));
  }
  std::int64_t stored() { return gateway_->query("SELECT count(*) FROM events"); }
  std::int64_t counter(const std::string& name) {
    return gateway_->query("SELECT value FROM counters WHERE name = '" + name + "'");
  }
  std::uint64_t acked() {
    auto last = node_->last(kNodeTopic + "ack");
    return last.empty() ? 0 : json::parse(last)["seq"].get<std::uint64_t>();
  }
  // Every seq 1..N stored exactly once.
  void expect_exactly(std::int64_t n) {
    EXPECT_EQ(stored(), n);
    EXPECT_EQ(gateway_->query("SELECT count(DISTINCT seq) FROM events"), n);
    EXPECT_EQ(gateway_->query("SELECT min(seq) FROM events"), 1);
    EXPECT_EQ(gateway_->query("SELECT max(seq) FROM events"), n);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<MqttClient> node_;
};

}  // namespace

TEST_F(IngestIntegration, CleanStreamIsStoredExactlyAndAcked) {
  for (std::uint64_t b = 0; b < 50; ++b) send(b * 20 + 1, b * 20 + 20);
  ASSERT_TRUE(eventually([&] { return acked() == 1000; })) << "acked " << acked();
  expect_exactly(1000);
  EXPECT_EQ(counter("duplicates"), 0);
  EXPECT_EQ(counter("gaps"), 0);
  const auto stats =
      json::parse(http_get(gateway_->http_port(), "/api/v1/stats", kTestToken).substr(4));
  EXPECT_EQ(stats["events_stored"], 1000);
  EXPECT_EQ(stats["events_received"], 1000);
  // The ack is retained: a node that reconnects learns where it stands.
  MqttClient late(broker_->url(), "late-reader");
  late.subscribe(kNodeTopic + "ack");
  ASSERT_TRUE(eventually([&] { return !late.last(kNodeTopic + "ack").empty(); }));
  EXPECT_EQ(json::parse(late.last(kNodeTopic + "ack"))["seq"], 1000);
}

TEST_F(IngestIntegration, RedeliveredBatchesAreCountedAsDuplicates) {
  send(1, 100);
  send(1, 100);
  send(51, 150);
  ASSERT_TRUE(eventually([&] { return acked() == 150 && counter("duplicates") == 150; }))
      << "duplicates " << counter("duplicates");
  expect_exactly(150);
  EXPECT_EQ(counter("events_received"), 300);
}

TEST_F(IngestIntegration, GapIsRecordedAndAResyncIsSent) {
  send(1, 10);
  send(16, 20);
  ASSERT_TRUE(eventually([&] { return !node_->received("/cmd").empty(); }));
  const auto cmd = json::parse(node_->received("/cmd").front().payload);
  EXPECT_EQ(cmd, (json{{"cmd", "resync"}, {"epoch", kEpoch}, {"from_seq", 11}}));
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM gaps WHERE from_seq = 11 AND to_seq = 15"
                            " AND status = 'open'"),
            1);
  EXPECT_EQ(acked(), 10u);
  send(11, 15);  // the node answers the resync
  ASSERT_TRUE(eventually([&] { return acked() == 20; }));
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM gaps WHERE status = 'filled'"), 1);
  expect_exactly(20);
}

TEST_F(IngestIntegration, BadPayloadsAreQuarantinedWhileGoodOnesFlow) {
  send(1, 5);
  node_->publish(kNodeTopic + "evt", "{\"v\":1,\"node\":");
  node_->publish(kNodeTopic + "evt", std::string("\xff\xfe\x00garbage", 10));
  node_->publish(kNodeTopic + "evt", batch_json("acd-2", kEpoch, 6, 6));
  node_->publish(kNodeTopic + "evt", std::string(300 * 1024, '{'));
  node_->publish(kNodeTopic + "birth", "{\"v\":1,\"node\":\"acd-1\"}");
  auto mixed = json::parse(batch_json("acd-1", kEpoch, 6, 8));
  mixed["events"][1]["state"] = "on_the_moon";
  node_->publish(kNodeTopic + "evt", mixed.dump());
  send(9, 10);
  ASSERT_TRUE(eventually([&] { return acked() == 10; })) << "acked " << acked();
  EXPECT_EQ(stored(), 9);
  EXPECT_EQ(counter("quarantined"), 6);
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM quarantine WHERE seq = 7"), 1);
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM quarantine WHERE raw_size = 307200"
                            " AND length(raw) = 4096"),
            1);
  EXPECT_EQ(counter("gaps"), 0);
  EXPECT_TRUE(gateway_->running());
  EXPECT_EQ(http_get(gateway_->http_port(), "/healthz").substr(0, 3), "200");
}

TEST_F(IngestIntegration, KilledWithSigkillMidStreamStoresEveryEventOnce) {
  constexpr std::uint64_t kBatches = 200, kPerBatch = 50, kTotal = kBatches * kPerBatch;
  std::atomic<std::uint64_t> published{0};
  std::thread publisher([&] {
    MqttClient pub(broker_->url(), "test-node-publisher");
    for (std::uint64_t b = 0; b < kBatches; ++b) {
      pub.publish(kNodeTopic + "evt",
                  batch_json("acd-1", kEpoch, b * kPerBatch + 1, (b + 1) * kPerBatch));
      published = (b + 1) * kPerBatch;
    }
  });
  // Kill it twice: each time once 1,000 more events are stored (or the stream
  // is complete, the backlog may drain fast after a restart). The first kill
  // at least must land mid-stream for the test to mean anything.
  int mid_stream_kills = 0;
  std::int64_t at_kill = 0;
  for (int kill = 0; kill < 2; ++kill) {
    ASSERT_TRUE(eventually([&] {
      const auto n = stored();
      return n >= at_kill + 1000 || n == static_cast<std::int64_t>(kTotal);
    }));
    gateway_->kill9();
    at_kill = stored();
    if (at_kill < static_cast<std::int64_t>(kTotal)) ++mid_stream_kills;
    gateway_->start();
  }
  EXPECT_GE(mid_stream_kills, 1) << "no kill landed in the middle of the stream";
  publisher.join();
  ASSERT_TRUE(eventually([&] { return stored() == static_cast<std::int64_t>(kTotal); }))
      << "stored " << stored() << " of " << kTotal;
  ASSERT_TRUE(eventually([&] { return acked() == kTotal; }));
  expect_exactly(static_cast<std::int64_t>(kTotal));
  EXPECT_EQ(counter("events_stored"), static_cast<std::int64_t>(kTotal));
}

TEST_F(IngestIntegration, BrokerRestartIsSurvivedAndIngestResumes) {
  send(1, 100);
  ASSERT_TRUE(eventually([&] { return acked() == 100; }));
  node_.reset();
  broker_->stop();
  ASSERT_TRUE(eventually([&] {
    return http_get(gateway_->http_port(), "/healthz").substr(0, 3) == "503";
  })) << "healthz must say the broker is gone";
  broker_->start();
  node_ = std::make_unique<MqttClient>(broker_->url(), "test-node-acd-1");
  node_->subscribe(kNodeTopic + "ack");
  ASSERT_TRUE(eventually([&] {
    return http_get(gateway_->http_port(), "/healthz").substr(0, 3) == "200";
  })) << "the gateway reconnects by itself";
  send(101, 200);
  ASSERT_TRUE(eventually([&] { return acked() == 200; })) << "acked " << acked();
  expect_exactly(200);
  EXPECT_TRUE(gateway_->running());
}

TEST_F(IngestIntegration, SigtermDrainsAndLeavesTheGatewayStateOffline) {
  MqttClient watcher(broker_->url(), "state-watcher");
  watcher.subscribe("vigie/v1/gateway/gw-test/state");
  ASSERT_TRUE(eventually([&] {
    auto s = watcher.last("vigie/v1/gateway/gw-test/state");
    return !s.empty() && json::parse(s)["state"] == "online";
  }));
  send(1, 10);
  ASSERT_TRUE(eventually([&] { return acked() == 10; }));
  const int status = gateway_->terminate();
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ASSERT_TRUE(eventually([&] {
    auto s = watcher.last("vigie/v1/gateway/gw-test/state");
    return !s.empty() && json::parse(s)["state"] == "offline";
  }));
  expect_exactly(10);
}

TEST_F(IngestIntegration, SigkillLeavesTheWillOffline) {
  MqttClient watcher(broker_->url(), "state-watcher");
  watcher.subscribe("vigie/v1/gateway/gw-test/state");
  gateway_->kill9();
  ASSERT_TRUE(eventually([&] {
    auto s = watcher.last("vigie/v1/gateway/gw-test/state");
    return !s.empty() && json::parse(s)["state"] == "offline";
  })) << "the broker publishes the gateway's Will";
}
