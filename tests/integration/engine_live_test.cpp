// The référentiel engine in the live gateway: the same capture gives the same
// alert transitions through a real Mosquitto as through `vigie replay`, and a
// gateway killed mid-day and restarted neither misses nor repeats one.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"
#include "webhook_receiver.hpp"

using namespace vigie::testing;
using nlohmann::json;

namespace {

// 2026-11-30 07:00 Europe/Paris: a Monday, fixed so the capture never changes.
// The capture's nodes send watermarks (contract sec. 3.4): their clocks move
// with their own word only, never with the wall clock, so a pause or a restart
// of the gateway changes nothing.
constexpr const char* kPastMonday = "1796018400000";

// (alert id, state, event time of the transition): what must match.
using Transition = std::tuple<std::string, std::string, std::int64_t>;

Transition transition_of(const json& alert) {
  return {alert["id"], alert["state"], alert["updated_at"].get<std::int64_t>()};
}

class EngineLive : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-engine-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    capture_ = (dir_ / "day.jsonl").string();
    const std::string sim = std::string(VIGIE_SIM_BINARY) + " --capture " + capture_ +
                            " --agents 8 --teams 2 --start " + kPastMonday +
                            " --duration 8h --seed 11 2>/dev/null";
    ASSERT_EQ(std::system(sim.c_str()), 0);
    std::ifstream in(capture_);
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  std::multiset<Transition> replayed() {
    std::ofstream(dir_ / "replay.yaml") << "site: paris-1\n" << kGovernanceComplete;
    const auto out = dir_ / "replay.jsonl";
    const std::string cmd = vigie_binary() + " replay --config " + (dir_ / "replay.yaml").string() +
                            " --input " + capture_ + " --output " + out.string() + " 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::multiset<Transition> t;
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);) t.insert(transition_of(json::parse(line)));
    return t;
  }
  // Every transition the live gateway recorded: its nodes vouch for their time, so
  // the wall clock adds nothing after the capture's end.
  std::multiset<Transition> recorded(const GatewayProcess& gw) {
    std::multiset<Transition> t;
    for (const auto& a : gw.texts("SELECT alert FROM alert_transitions ORDER BY id"))
      t.insert(transition_of(json::parse(a)));
    return t;
  }
  std::size_t events_in(std::size_t from, std::size_t to) const {
    std::size_t n = 0;
    for (std::size_t i = from; i < to; ++i) {
      const auto p = json::parse(lines_[i])["payload"];
      if (p.contains("events")) n += p["events"].size();
    }
    return n;
  }
  void publish(MqttClient& c, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const auto msg = json::parse(lines_[i]);
      const std::string topic = msg["topic"];
      c.publish(topic, msg["payload"].dump(), !topic.ends_with("/evt"));
    }
  }
  // Waits until every event is stored and the engine has gone quiet.
  void settle(GatewayProcess& gw, std::size_t events) {
    ASSERT_TRUE(eventually([&] {
      return gw.query("SELECT count(*) FROM events") == static_cast<std::int64_t>(events);
    })) << gw.log_text();
    ASSERT_TRUE(settles([&] { return gw.query("SELECT count(*) FROM alert_transitions"); },
                        std::chrono::milliseconds(300)));
  }

  std::filesystem::path dir_;
  std::string capture_;
  std::vector<std::string> lines_;
};

}  // namespace

TEST_F(EngineLive, ReplayEqualsLiveThroughMosquitto) {
  const auto expected = replayed();
  ASSERT_GT(expected.size(), 10u) << "the simulated day must raise alerts";
  Broker broker(dir_ / "broker");
  GatewayProcess gateway(dir_ / "gateway", broker.url());
  MqttClient node(broker.url(), "capture-player");
  publish(node, 0, lines_.size());
  settle(gateway, events_in(0, lines_.size()));
  gateway.terminate();
  const auto live = recorded(gateway);
  EXPECT_EQ(live, expected);
  // The retained alert topics carry what is active.
  MqttClient reader(broker.url(), "alert-reader");
  reader.subscribe("vigie/v1/paris-1/alert/#");
  ASSERT_TRUE(eventually([&] { return !reader.received("").empty(); }));
}

TEST_F(EngineLive, PerSiteOverridesInTheConfigApplyAndAreValidated) {
  auto transitions_with = [&](const std::string& yaml, int* code) {
    std::ofstream(dir_ / "over.yaml") << "site: paris-1\n" << yaml << kGovernanceComplete;
    const auto out = dir_ / "over.jsonl";
    std::filesystem::remove(out);
    const std::string cmd = vigie_binary() + " replay --config " + (dir_ / "over.yaml").string() +
                            " --input " + capture_ + " --output " + out.string() + " 2>" +
                            (dir_ / "over.err").string();
    const int status = std::system(cmd.c_str());
    *code = WEXITSTATUS(status);
    std::multiset<std::string> criteria;
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);)
      criteria.insert(json::parse(line)["criterion"].get<std::string>());
    return criteria;
  };
  int code = 0;
  const auto plain = transitions_with("", &code);
  ASSERT_EQ(code, 0);
  ASSERT_GT(plain.count("BRK-01"), 0u) << "the day must raise BRK-01";
  const auto off = transitions_with(
      "referentiel:\n  overrides:\n    criteria:\n      BRK-01: {enabled: false}\n", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(off.count("BRK-01"), 0u) << "switched off for this site by its config";
  EXPECT_EQ(off.count("BRK-02"), plain.count("BRK-02")) << "the others untouched";

  transitions_with("referentiel:\n  overrides:\n    criteria:\n      BRK-99: {enabled: false}\n",
                   &code);
  EXPECT_EQ(code, 2);
  std::ifstream err(dir_ / "over.err");
  const std::string message((std::istreambuf_iterator<char>(err)), {});
  EXPECT_NE(message.find("over.yaml:5:"), std::string::npos) << "file and line: " << message;
  EXPECT_NE(message.find("BRK-99"), std::string::npos) << message;
}

namespace {

// The bodies WebhookReceiver got.
std::vector<std::string> bodies(const WebhookReceiver& r) {
  std::vector<std::string> out;
  for (const auto& c : r.calls()) out.push_back(c.body);
  return out;
}

}  // namespace

TEST_F(EngineLive, AlertTransitionsReachAnAlertmanagerWebhookWithPseudonyms) {
  WebhookReceiver receiver;
  Broker broker(dir_ / "broker");
  GatewayProcess gateway(
      dir_ / "gateway", broker.url(),
      "notify:\n  webhook_url: http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook\n");
  MqttClient node(broker.url(), "capture-player");
  publish(node, 0, lines_.size());
  settle(gateway, events_in(0, lines_.size()));
  const auto transitions =
      gateway.query("SELECT count(*) FROM alert_transitions WHERE change = 'state'");
  ASSERT_GT(transitions, 0);
  ASSERT_TRUE(eventually([&] {
    return static_cast<std::int64_t>(bodies(receiver).size()) == transitions;
  })) << bodies(receiver).size()
      << " of " << transitions << "\n"
      << gateway.log_text();
  gateway.terminate();
  std::set<std::string> agents;
  for (const auto& l : lines_) {
    const auto p = json::parse(l)["payload"];
    if (p.contains("events"))
      for (const auto& e : p["events"])
        if (e.contains("agent")) agents.insert(e["agent"].get<std::string>());
  }
  for (const auto& body : bodies(receiver)) {
    const auto j = json::parse(body);
    EXPECT_EQ(j["version"], "4");
    ASSERT_EQ(j["alerts"].size(), 1u);
    const auto& a = j["alerts"][0];
    EXPECT_TRUE(a["status"] == "firing" || a["status"] == "resolved") << body;
    EXPECT_EQ(a["labels"]["site"], "paris-1");
    EXPECT_FALSE(a["labels"]["alertname"].get<std::string>().empty());
    EXPECT_FALSE(a["startsAt"].get<std::string>().empty());
    for (const auto& id : agents) {
      EXPECT_EQ(body.find("agent." + id + "\""), std::string::npos) << body;
      EXPECT_EQ(body.find("agent." + id + ":"), std::string::npos) << body;
    }
  }
}

// curl POST with the admin token; returns the HTTP status.
int post(int port, const std::string& target, const std::string& body) {
  const std::string cmd =
      "curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: "
      "Bearer " +
      std::string(kTestToken) +
      "' -H 'Content-Type: "
      "application/json' --data '" +
      body + "' http://127.0.0.1:" + std::to_string(port) + target;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[16] = {};
  const auto n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  return std::atoi(std::string(buf, n).c_str());
}

TEST_F(EngineLive, AResolvedAlertCanStillBeAcknowledgedAndJustified) {
  Broker broker(dir_ / "broker");
  GatewayProcess gateway(dir_ / "gateway", broker.url());
  MqttClient node(broker.url(), "capture-player");
  publish(node, 0, lines_.size());
  settle(gateway, events_in(0, lines_.size()));
  const auto resolved =
      gateway.texts("SELECT alert_id FROM alerts WHERE state = 'resolved' LIMIT 1");
  ASSERT_FALSE(resolved.empty()) << "the simulated day must resolve an alert";
  const std::string base = "/api/v1/alerts/" + resolved[0];
  EXPECT_EQ(post(gateway.http_port(), base + "/ack", R"({"note":"seen after the fact"})"), 200);
  EXPECT_EQ(post(gateway.http_port(), base + "/justify", R"({"note":"no reason"})"), 400)
      << "a justification needs a reason";
  EXPECT_EQ(post(gateway.http_port(), base + "/justify", R"({"reason":"system outage"})"), 200);
  EXPECT_EQ(post(gateway.http_port(), "/api/v1/alerts/0123456789abcdef0123456789abcdef/ack", "{}"),
            404);
  const auto stored = json::parse(
      gateway.texts("SELECT alert FROM alerts WHERE alert_id = '" + resolved[0] + "'").at(0));
  EXPECT_EQ(stored["state"], "resolved") << "the breach stays as it was";
  EXPECT_EQ(stored["acked"]["note"], "seen after the fact");
  EXPECT_EQ(stored["justified"]["reason"], "system outage");
  EXPECT_EQ(gateway.texts("SELECT change FROM alert_transitions WHERE alert_id = '" + resolved[0] +
                          "' AND change != 'state' ORDER BY id"),
            (std::vector<std::string>{"ack", "justify"}));
  gateway.terminate();
}

TEST_F(EngineLive, KilledMidDayAndRestartedNeitherMissesNorRepeats) {
  const auto expected = replayed();
  Broker broker(dir_ / "broker");
  GatewayProcess gateway(dir_ / "gateway", broker.url());
  MqttClient node(broker.url(), "capture-player");
  const std::size_t half = lines_.size() / 2;
  publish(node, 0, half);
  settle(gateway, events_in(0, half));
  gateway.kill9();
  publish(node, half, lines_.size());  // queued by the broker meanwhile
  gateway.start();
  settle(gateway, events_in(0, lines_.size()));
  gateway.terminate();
  EXPECT_EQ(recorded(gateway), expected);
  const auto keys = gateway.texts("SELECT key FROM alert_transitions");
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), keys.size());
}
