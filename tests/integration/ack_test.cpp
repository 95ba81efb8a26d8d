// The gateway's `ack` to a node (contract sec. 2) is coalesced: a node
// streaming one event a message gets the latest value every few ms, not one
// ack per message (issue 15). Coalesced or not, an ack seen on the broker
// never covers an event the store does not hold: checked against the store
// itself after each SIGKILL, when nothing more can be committed.
#include <gtest/gtest.h>
#include <unistd.h>

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

class AckCoalescing : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-ack-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    broker_ = std::make_unique<Broker>(dir_ / "broker");
    gateway_ = std::make_unique<GatewayProcess>(dir_ / "gateway", broker_->url());
    watcher_ = std::make_unique<MqttClient>(broker_->url(), "test-ack-watcher");
    watcher_->subscribe(kNodeTopic + "ack");
  }
  void TearDown() override {
    if (HasFailure())
      std::cerr << "--- gateway log ---\n"
                << gateway_->log_text() << "\n--- broker log ---\n"
                << broker_->log_text() << std::endl;
    watcher_.reset();
    gateway_.reset();
    broker_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  std::int64_t stored() { return gateway_->query("SELECT count(*) FROM events"); }
  // The highest N such that seqs 1..N are all in the store, read from the events
  // themselves (not from the gateway's own bookkeeping).
  std::int64_t committed_contiguous() {
    if (gateway_->query("SELECT count(*) FROM events WHERE seq = 1") == 0) return 0;
    return gateway_->query(
        "SELECT min(e.seq) FROM events e WHERE NOT EXISTS (SELECT 1 FROM events f"
        " WHERE f.node = e.node AND f.epoch = e.epoch AND f.seq = e.seq + 1)");
  }
  // Every ack seen so far is within what the store holds now. The store only grows, so
  // reading the acks first checks each against a state later than its arrival.
  void expect_acks_within_the_store(const std::string& when) {
    const auto seen = acks_seen();
    const auto committed = committed_contiguous();
    for (const auto seq : seen)
      ASSERT_LE(seq, static_cast<std::uint64_t>(committed))
          << "an ack covers seq " << seq << ", the store holds 1.." << committed << " " << when;
  }
  std::vector<std::uint64_t> acks_seen() {
    std::vector<std::uint64_t> seqs;
    for (const auto& r : watcher_->received(kNodeTopic + "ack"))
      seqs.push_back(json::parse(r.payload)["seq"].get<std::uint64_t>());
    return seqs;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<MqttClient> watcher_;
};

}  // namespace

TEST_F(AckCoalescing, AnAckSeenOnTheBrokerNeverCoversAnEventNotCommitted) {
  // One event a message, as a third-party bridge publishes each state change.
  constexpr std::uint64_t kTotal = 3000;
  std::thread publisher([&] {
    MqttClient pub(broker_->url(), "test-node-publisher");
    for (std::uint64_t s = 1; s <= kTotal; ++s)
      pub.publish(kNodeTopic + "evt", batch_json("acd-1", kEpoch, s, s));
  });
  int mid_stream_kills = 0;
  std::int64_t at_kill = 0;
  std::size_t checked = 0;
  for (int kill = 0; kill < 3; ++kill) {
    const bool reached = eventually([&] {
      expect_acks_within_the_store("while the gateway runs");
      const auto n = stored();
      return HasFatalFailure() || n >= at_kill + 400 || n == static_cast<std::int64_t>(kTotal);
    });
    if (HasFatalFailure()) break;
    ASSERT_TRUE(reached);
    gateway_->kill9();
    // Acks the gateway handed to Paho before it died may still be on their way; after
    // that, nothing more can be committed: an ack beyond the store would stay beyond it.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    at_kill = stored();
    if (at_kill < static_cast<std::int64_t>(kTotal)) ++mid_stream_kills;
    expect_acks_within_the_store("after SIGKILL " + std::to_string(kill + 1));
    if (HasFatalFailure()) break;
    checked = acks_seen().size();
    gateway_->start();
  }
  publisher.join();
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_GE(mid_stream_kills, 1) << "no kill landed in the middle of the stream";
  EXPECT_GT(checked, 0u) << "no ack was seen before the last kill";
  ASSERT_TRUE(eventually([&] {
    const auto seen = acks_seen();
    return !seen.empty() && seen.back() >= kTotal;
  })) << "stored "
      << stored() << " of " << kTotal;
  EXPECT_EQ(stored(), static_cast<std::int64_t>(kTotal));
  EXPECT_EQ(gateway_->query("SELECT count(DISTINCT seq) FROM events"),
            static_cast<std::int64_t>(kTotal));
  EXPECT_EQ(committed_contiguous(), static_cast<std::int64_t>(kTotal));
  expect_acks_within_the_store("at the end");
}
