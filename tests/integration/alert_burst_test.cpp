// A burst: 600 agents cross the same deadlines in one step of event time, so one
// tick emits far more transitions than the 256 the gateway delivers at a time
// (issue 15). Every one of them must still be published, recorded once and in
// the order `vigie replay` gives for the same input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using namespace vigie::testing;
using nlohmann::json;

namespace {

constexpr std::int64_t kMonday = 1796018400000;  // 2026-11-30 07:00 Europe/Paris
constexpr int kAgents = 600;
const std::string kNode = "acd-1";
const std::string kEpoch = "00000000000000c7";
// One node introduces the 600 agents at once (the default lets 200 in a minute).
const std::string kLimits = "limits:\n  new_agents_per_minute: 1000\n";

struct Message {
  std::string topic;
  json payload;
};

// Every agent logs in available within the first minute; then the node vouches
// for seven quiet hours in one watermark: every agent's pause deadlines pass at once.
std::vector<Message> morning() {
  const std::string base = "vigie/v1/paris-1/node/" + kNode + "/";
  std::vector<Message> out;
  out.push_back({base + "birth",
                 {{"v", 1},
                  {"node", kNode},
                  {"epoch", kEpoch},
                  {"kind", "acd-bridge"},
                  {"fw", "test"},
                  {"ts", kMonday}}});
  json events = json::array();
  for (int i = 0; i < kAgents; ++i)
    events.push_back({{"seq", i + 1},
                      {"ts", kMonday + i * 100},
                      {"type", "agent.state"},
                      {"agent", std::to_string(5000 + i)},
                      {"team", "sav-" + std::to_string(i % 6)},
                      {"state", "available"}});
  out.push_back({base + "evt", {{"v", 1}, {"node", kNode}, {"epoch", kEpoch}, {"events", events}}});
  out.push_back({base + "evt",
                 {{"v", 1},
                  {"node", kNode},
                  {"epoch", kEpoch},
                  {"events", json::array()},
                  {"until", kMonday + 7 * 3600 * 1000}}});
  return out;
}

class AlertBurst : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-burst-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  // The transition keys `vigie replay` derives from the same messages, in order.
  std::vector<std::string> replayed_keys(const std::vector<Message>& messages) {
    const auto capture = dir_ / "burst.jsonl";
    {
      std::ofstream out(capture);
      std::int64_t at = kMonday;
      for (const auto& m : messages) {
        // Received when sent: a watermark is not from the future.
        at = std::max(at + 1000, m.payload.value("until", std::int64_t{0}));
        out << json{{"at", at}, {"topic", m.topic}, {"payload", m.payload}}.dump() << '\n';
      }
    }
    std::ofstream(dir_ / "replay.yaml") << "site: paris-1\n" << kGovernanceComplete << kLimits;
    const auto output = dir_ / "replay.jsonl";
    const std::string cmd = vigie_binary() + " replay --config " + (dir_ / "replay.yaml").string() +
                            " --input " + capture.string() + " --output " + output.string() +
                            " 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::vector<std::string> ids;
    std::ifstream in(output);
    for (std::string line; std::getline(in, line);) ids.push_back(json::parse(line)["id"]);
    return ids;
  }

  std::filesystem::path dir_;
};

}  // namespace

TEST_F(AlertBurst, EveryTransitionOfABurstIsPublishedAndRecordedOnceInOrder) {
  const auto messages = morning();
  const auto replayed = replayed_keys(messages);
  ASSERT_GT(replayed.size(), 3u * 256u) << "the burst must span several slices of 256";

  Broker broker(dir_ / "broker");
  GatewayOptions options;
  options.extra_yaml = kLimits;
  GatewayProcess gateway(dir_ / "gateway", broker.url(), options);
  MqttClient alerts(broker.url(), "alert-reader");
  alerts.subscribe("vigie/v1/paris-1/alert/#");
  MqttClient desks(broker.url(), "cmd-reader");
  desks.subscribe("vigie/v1/paris-1/node/+/cmd");
  {
    MqttClient node(broker.url(), "burst-node");
    for (const auto& m : messages)
      node.publish(m.topic, m.payload.dump(), !m.topic.ends_with("/evt"));
  }
  const auto expected = static_cast<std::int64_t>(replayed.size());
  ASSERT_TRUE(eventually(
      [&] { return gateway.query("SELECT count(*) FROM alert_transitions") >= expected; },
      std::chrono::seconds(120)))
      << gateway.log_text();
  std::this_thread::sleep_for(std::chrono::seconds(1));  // nothing more may come

  // Recorded once each, in the replay's order (alert ids of state transitions).
  EXPECT_EQ(gateway.texts("SELECT alert_id FROM alert_transitions WHERE change = 'state' "
                          "ORDER BY id"),
            replayed);
  // Published: each alert's topic carries its latest state (the link sends a retained
  // topic's latest value, so a due and a firing within 5 ms may go as one message).
  std::map<std::string, std::string> last_state;
  for (const auto& text : gateway.texts("SELECT alert FROM alert_transitions ORDER BY id")) {
    const auto a = json::parse(text);
    const auto subject = a["subject"].items().begin();  // {"agent": "5000"}
    last_state["vigie/v1/paris-1/alert/" + a["criterion"].get<std::string>() + "/" + subject.key() +
               "." + subject.value().get<std::string>()] = a["state"];
  }
  ASSERT_GT(last_state.size(), 256u);
  auto wrong = [&] {
    std::size_t n = 0;
    for (const auto& [topic, state] : last_state) {
      const auto payload = alerts.last(topic);
      n += state == "resolved" ? !payload.empty()
                               : payload.empty() || json::parse(payload)["state"] != state;
    }
    return n;
  };
  EXPECT_TRUE(eventually([&] { return wrong() == 0; }, std::chrono::seconds(30)))
      << wrong() << " of " << last_state.size()
      << " alert topics do not carry their alert's latest state";
  EXPECT_EQ(gateway.log_text().find("cannot record"), std::string::npos) << gateway.log_text();

  // Each agent's `due` notice goes to its node once, a burst of them too.
  std::multiset<std::string> due;
  for (const auto& text : gateway.texts("SELECT alert FROM alert_transitions WHERE change = "
                                        "'state' AND json_extract(alert, '$.state') = 'due'")) {
    const auto a = json::parse(text);
    if (a["subject"].contains("agent"))
      due.insert(a["subject"]["agent"].get<std::string>() + " " +
                 a["criterion"].get<std::string>());
  }
  ASSERT_GT(due.size(), 256u) << "the due notices must span several slices of 256";
  auto nudged = [&] {
    std::multiset<std::string> out;
    for (const auto& m : desks.received("/cmd")) {
      const auto cmd = json::parse(m.payload);
      if (cmd.value("cmd", "") == "nudge")
        out.insert(cmd["agent"].get<std::string>() + " " + cmd["criterion"].get<std::string>());
    }
    return out;
  };
  EXPECT_TRUE(eventually([&] { return nudged().size() >= due.size(); }, std::chrono::seconds(30)));
  EXPECT_EQ(nudged(), due);
}
