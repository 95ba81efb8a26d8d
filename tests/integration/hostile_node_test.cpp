// One bad node may not falsify the site (issue "one bad node, one full disk,
// one impostor"): a node's times from the future are refused and move no other
// node's clock, and one node flooding new agents leaves room for the others.
// A real gateway and a real Mosquitto; each case failed before its fix.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using namespace vigie::testing;
using nlohmann::json;

namespace {

std::string topic(const std::string& node, const std::string& leaf) {
  return "vigie/v1/paris-1/node/" + node + "/" + leaf;
}

json agent_state(std::uint64_t seq, std::int64_t ts, const std::string& agent,
                 const std::string& state) {
  return {{"seq", seq},     {"ts", ts},        {"type", "agent.state"},
          {"agent", agent}, {"team", "sav-1"}, {"state", state}};
}

json sample(std::uint64_t seq, std::int64_t ts) {
  return {{"seq", seq},   {"ts", ts},       {"type", "env.sample"},
          {"zone", "z1"}, {"window_s", 60}, {"l50_db", 70.0}};
}

std::string batch(const std::string& node, const std::string& epoch, json events) {
  return json{{"v", 1}, {"node", node}, {"epoch", epoch}, {"events", std::move(events)}}.dump();
}

class HostileNode : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-hostile-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    broker_ = std::make_unique<Broker>(dir_ / "broker");
    // A quota below a minute's (200): the flood test reaches it, and a restart keeps it.
    gateway_ = std::make_unique<GatewayProcess>(dir_ / "gateway", broker_->url(),
                                                "limits:\n  agents_per_node: 150\n");
    client_ = std::make_unique<MqttClient>(broker_->url(), "hostile-test-publisher");
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- gateway log ---\n" << gateway_->log_text() << std::endl;
    client_.reset();
    gateway_.reset();
    broker_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  // Agent 4001 on acd-1: available a minute ago, talking for 50 s.
  void honest_agent() {
    const auto now = now_ms();
    client_->publish(topic("acd-1", "evt"),
                     batch("acd-1", "00000000000000a1",
                           json::array({agent_state(1, now - 60'000, "4001", "available"),
                                        agent_state(2, now - 50'000, "4001", "talking")})));
    ASSERT_TRUE(eventually([&] { return gateway_->query("SELECT count(*) FROM events") == 2; }));
  }
  std::int64_t alerts_about(const std::string& agent) {
    return gateway_->query(
        "SELECT count(*) FROM alert_transitions WHERE json_extract(alert, '$.subject.agent') = '" +
        agent + "'");
  }
  json agent_entry(const std::string& agent) {
    const auto r = http_get(gateway_->http_port(), "/api/v1/agents", kTestToken);
    if (r.rfind("200 ", 0) != 0) {
      ADD_FAILURE() << "GET /api/v1/agents: " << r;
      return nullptr;
    }
    const auto body = json::parse(r.substr(4));
    for (const auto& a : body["agents"])
      if (a["agent"] == agent) return a;
    ADD_FAILURE() << "no " << agent << " in " << r;
    return nullptr;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<MqttClient> client_;
};

}  // namespace

TEST_F(HostileNode, AnotherNodesTimesFromTheFutureAreRefusedAndFalsifyNothing) {
  honest_agent();
  // Before the fix: 6 firing alerts at +12 h, 8 at +1 day, 10 and a frozen gateway in 9999.
  const auto now = now_ms();
  const std::int64_t year_9999 = 253402300000000;
  client_->publish(topic("noise-1", "evt"),
                   batch("noise-1", "00000000000000b2",
                         json::array({sample(1, now + 12 * 3600'000), sample(2, now + 86400'000),
                                      sample(3, year_9999)})));
  ASSERT_TRUE(eventually([&] {
    return gateway_->query("SELECT count(*) FROM quarantine WHERE node = 'noise-1'") == 3;
  })) << "each future sample is refused";
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM quarantine WHERE node = 'noise-1' AND"
                            " reason LIKE '%from the future%'"),
            3);
  EXPECT_EQ(http_get(gateway_->http_port(), "/healthz").rfind("200", 0), 0u);
  std::this_thread::sleep_for(std::chrono::seconds(3));  // ticks pass: nothing may follow
  EXPECT_EQ(alerts_about("4001"), 0);
  const auto entry = agent_entry("4001");
  ASSERT_FALSE(entry.is_null());
  EXPECT_LT(entry["work_minutes_today"].get<double>(), 5.0);
  // And a restart neither stalls nor falsifies anything.
  gateway_->terminate();
  gateway_->start();
  EXPECT_NE(gateway_->log_text().find("engine rebuilt from 2 stored events"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(alerts_about("4001"), 0);
}

TEST_F(HostileNode, ASensorsClockAheadMovesNoOtherNodesClock) {
  honest_agent();
  const auto now = now_ms();
  // An hour ahead (local time sent as UTC, in Paris): refused. Four minutes ahead:
  // within max_skew, taken, but it moves only its own node's clock.
  client_->publish(topic("noise-1", "evt"),
                   batch("noise-1", "00000000000000b2",
                         json::array({sample(1, now + 3600'000), sample(2, now + 4 * 60'000)})));
  ASSERT_TRUE(eventually(
      [&] { return gateway_->query("SELECT count(*) FROM events WHERE node = 'noise-1'") == 1; }));
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM quarantine WHERE node = 'noise-1'"), 1);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const auto entry = agent_entry("4001");
  ASSERT_FALSE(entry.is_null());
  // acd-1's clock: its own last event, or the wall clock less lateness; never the sensor's.
  EXPECT_LE(entry["as_of"].get<std::int64_t>(), now_ms());
  EXPECT_EQ(alerts_about("4001"), 0);
}

TEST_F(HostileNode, OneNodeFloodingNewAgentsLeavesRoomForTheOthersAndIsAlertedOn) {
  // Before the fix: 20 batches of 1,000 new agents from one node filled the site's
  // 20,000 and a real new agent on acd-2 was refused, across restarts.
  const auto now = now_ms();
  std::uint64_t seq = 0;
  for (int b = 0; b < 20; ++b) {
    json events = json::array();
    for (int i = 0; i < 1000; ++i) {
      ++seq;
      events.push_back(agent_state(seq, now - 1000, "flood-" + std::to_string(seq), "available"));
    }
    client_->publish(topic("acd-9", "evt"), batch("acd-9", "00000000000000c3", events));
  }
  ASSERT_TRUE(eventually([&] {
    return gateway_->query("SELECT value FROM counters WHERE name = 'events_received'") == 20000;
  }));
  const auto kept = gateway_->query("SELECT count(*) FROM events WHERE node = 'acd-9'");
  EXPECT_EQ(kept, 150) << "limits.agents_per_node";
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM quarantine WHERE refusal = 'agent_quota'"),
            20000 - kept);
  // A real new agent on another node is still taken, and the flooding node is alerted on.
  client_->publish(topic("acd-2", "evt"),
                   batch("acd-2", "00000000000000d4",
                         json::array({agent_state(1, now_ms() - 1000, "4012", "available")})));
  ASSERT_TRUE(eventually(
      [&] { return gateway_->query("SELECT count(*) FROM events WHERE agent = '4012'") == 1; }));
  EXPECT_TRUE(eventually([&] {
    return gateway_->query(
               "SELECT count(*) FROM alert_transitions WHERE"
               " json_extract(alert, '$.criterion') = 'SYS-03' AND"
               " json_extract(alert, '$.subject.node') = 'acd-9' AND"
               " state = 'firing'") == 1;
  }));
  // After a restart the quota still holds for acd-9, not for acd-2.
  gateway_->terminate();
  gateway_->start();
  client_->publish(
      topic("acd-9", "evt"),
      batch("acd-9", "00000000000000c3",
            json::array({agent_state(++seq, now_ms() - 1000, "flood-x", "available")})));
  client_->publish(topic("acd-2", "evt"),
                   batch("acd-2", "00000000000000d4",
                         json::array({agent_state(2, now_ms() - 1000, "4013", "available")})));
  ASSERT_TRUE(eventually(
      [&] { return gateway_->query("SELECT count(*) FROM events WHERE agent = '4013'") == 1; }));
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM events WHERE agent = 'flood-x'"), 0);
}
