// The governance gate with a real Mosquitto and a real gateway: until the CSE
// consultation, the DPIA and the staff information are dated in the config, a
// simulated day raises no agent alert, sends no nudge and puts no agent in the
// ledger or on the API, while team, zone and node criteria still work; with
// the three dates, the same day raises its agent alerts. `vigie replay` shares
// the engine set-up, so the gate holds there too.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using namespace vigie::testing;
using nlohmann::json;

namespace {

// 2026-11-30 07:00 Europe/Paris, a Monday: a fixed day, so the capture never changes.
constexpr const char* kMonday = "1796018400000";
constexpr const char* kTwoOfThree =
    "governance:\n  cse_consulted: 2025-09-15\n  staff_informed: 2025-10-15\n";

constexpr const char* kAgentTransitions =
    "SELECT count(*) FROM alert_transitions WHERE json_extract(alert, '$.subject.agent') IS NOT "
    "NULL";
constexpr const char* kOtherTransitions =
    "SELECT count(*) FROM alert_transitions WHERE json_extract(alert, '$.subject.agent') IS NULL";
// Ledger entries are canonical JSON (no spaces): an agent appears as "agent":...
constexpr const char* kAgentLedgerEntries =
    "SELECT count(*) FROM ledger_entries WHERE entry LIKE '%\"agent\":%' OR kind LIKE 'agent%'";

class GovernanceGate : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-governance-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    capture_ = (dir_ / "day.jsonl").string();
    const std::string sim = std::string(VIGIE_SIM_BINARY) + " --capture " + capture_ +
                            " --agents 8 --teams 2 --start " + kMonday +
                            " --duration 8h --seed 11 2>/dev/null";
    ASSERT_EQ(std::system(sim.c_str()), 0);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // Publishes the day, waits until every event is stored and the engine is quiet.
  void play_day(const Broker& broker, GatewayProcess& gw) {
    MqttClient node(broker.url(), "capture-player");
    const auto events = publish_capture(node, capture_);
    ASSERT_TRUE(eventually([&] {
      return gw.query("SELECT count(*) FROM events") == static_cast<std::int64_t>(events);
    })) << gw.log_text();
    ASSERT_TRUE(settles(
        [&] {
          return gw.query("SELECT count(*) FROM alert_transitions") +
                 gw.query("SELECT count(*) FROM ledger_entries");
        },
        std::chrono::milliseconds(1500)));
  }

  static std::size_t nudges(const MqttClient& watcher) {
    std::size_t n = 0;
    for (const auto& m : watcher.received("/cmd"))
      if (m.payload.find("\"nudge\"") != std::string::npos) ++n;
    return n;
  }

  // `vigie replay` of the day with GOVERNANCE: each transition's subject kind.
  std::multiset<std::string> replay_subjects(const std::string& governance) {
    std::ofstream(dir_ / "replay.yaml") << "site: paris-1\n" << governance;
    const auto out = dir_ / "replay.jsonl";
    const std::string cmd = vigie_binary() + " replay --config " + (dir_ / "replay.yaml").string() +
                            " --input " + capture_ + " --output " + out.string() + " 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::multiset<std::string> kinds;
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);) {
      const auto alert = json::parse(line);
      kinds.insert(alert["subject"].begin().key() + ":" + alert["criterion"].get<std::string>());
    }
    return kinds;
  }

  std::filesystem::path dir_;
  std::string capture_;
};

std::size_t count_prefix(const std::multiset<std::string>& s, const std::string& prefix) {
  std::size_t n = 0;
  for (const auto& x : s) n += x.rfind(prefix, 0) == 0;
  return n;
}

}  // namespace

TEST_F(GovernanceGate, IncompleteGovernanceKeepsTeamLevelOnly) {
  Broker broker(dir_ / "broker");
  MqttClient watcher(broker.url(), "cmd-watcher");
  watcher.subscribe("vigie/v1/paris-1/node/+/cmd");
  GatewayOptions options;
  options.extra_yaml = kTwoOfThree;
  options.governance_complete = false;
  GatewayProcess gw(dir_ / "gateway", broker.url(), options);

  // It says so: in the log and in /healthz (to a token holder), which stays 200.
  EXPECT_NE(gw.log_text().find("governance incomplete, missing governance.dpia_done: team-level"),
            std::string::npos)
      << gw.log_text();
  const auto health = http_get(gw.http_port(), "/healthz", kTestToken);
  ASSERT_EQ(health.rfind("200 ", 0), 0u) << health;
  EXPECT_EQ(json::parse(health.substr(4))["governance"],
            json({{"complete", false}, {"missing", {"dpia_done"}}, {"mode", "team_only"}}));
  EXPECT_EQ(http_get(gw.http_port(), "/healthz"), "200 {\"status\":\"ok\"}")
      << "without a token, the status alone";

  play_day(broker, gw);
  EXPECT_EQ(gw.query(kAgentTransitions), 0) << "no per-agent alert";
  EXPECT_GT(gw.query(kOtherTransitions), 0) << "team, zone and node criteria still work";
  EXPECT_EQ(nudges(watcher), 0u) << "no nudge to an agent";
  EXPECT_GT(gw.query("SELECT count(*) FROM ledger_entries"), 0) << "the ledger runs";
  EXPECT_EQ(gw.query(kAgentLedgerEntries), 0) << "no per-agent evidence";
  EXPECT_EQ(gw.query("SELECT count(*) FROM ledger_entries WHERE entry LIKE '%team_only%'"), 1)
      << "the configuration's mode is on record";

  const auto agents = http_get(gw.http_port(), "/api/v1/agents", kTestToken);
  ASSERT_EQ(agents.rfind("200 ", 0), 0u) << agents;
  const auto floor = json::parse(agents.substr(4));
  EXPECT_EQ(floor["agents"], json::array()) << "teams only on the API";
  EXPECT_EQ(floor["per_agent"], false);
  EXPECT_EQ(floor["teams"].size(), 2u) << floor.dump();
  const auto alerts = http_get(gw.http_port(), "/api/v1/alerts?state=all", kTestToken);
  EXPECT_EQ(alerts.find("\"agent\""), std::string::npos) << alerts.substr(0, 400);
}

TEST_F(GovernanceGate, CompleteGovernanceRaisesTheSameDaysAgentAlerts) {
  Broker broker(dir_ / "broker");
  MqttClient watcher(broker.url(), "cmd-watcher");
  watcher.subscribe("vigie/v1/paris-1/node/+/cmd");
  GatewayProcess gw(dir_ / "gateway", broker.url());  // the support writes the three dates
  EXPECT_NE(gw.log_text().find("governance complete"), std::string::npos) << gw.log_text();
  const auto health = http_get(gw.http_port(), "/healthz", kTestToken);
  EXPECT_EQ(json::parse(health.substr(4))["governance"]["mode"], "per_agent") << health;

  play_day(broker, gw);
  EXPECT_GT(gw.query(kAgentTransitions), 0);
  EXPECT_GT(gw.query("SELECT count(*) FROM alert_transitions WHERE "
                     "json_extract(alert, '$.criterion') = 'BRK-01' AND "
                     "json_extract(alert, '$.subject.agent') IS NOT NULL"),
            0)
      << "work without a pause is an agent alert";
  EXPECT_GT(gw.query(kOtherTransitions), 0);
  EXPECT_GT(nudges(watcher), 0u);
  EXPECT_GT(gw.query(kAgentLedgerEntries), 0) << "agent alerts are evidence (by pseudonym)";
  const auto floor = json::parse(http_get(gw.http_port(), "/api/v1/agents", kTestToken).substr(4));
  EXPECT_EQ(floor["agents"].size(), 8u);
}

TEST_F(GovernanceGate, ReplaySharesTheGate) {
  const auto gated = replay_subjects(kTwoOfThree);
  EXPECT_EQ(count_prefix(gated, "agent:"), 0u);
  EXPECT_GT(gated.size(), 0u) << "team, zone and node criteria still replayed";
  const auto full = replay_subjects(kGovernanceComplete);
  EXPECT_GT(count_prefix(full, "agent:BRK-01"), 0u);
  EXPECT_EQ(full.size() - count_prefix(full, "agent:"), gated.size())
      << "the other criteria are the same either way";
}

TEST_F(GovernanceGate, AFutureOrBadDateStopsTheGatewayNamingKeyAndLine) {
  for (const auto& [dates, needle] : std::vector<std::pair<std::string, std::string>>{
           {"  cse_consulted: 2025-09-15\n  dpia_done: 2999-01-01\n",
            "vigie.yaml:4: governance.dpia_done: is in the future (2999-01-01)"},
           {"  cse_consulted: 15/09/2025\n",
            "vigie.yaml:3: governance.cse_consulted: must be a date YYYY-MM-DD"},
           {"  staff_informd: 2025-10-15\n", "vigie.yaml:3: governance.staff_informd: unknown key"},
       }) {
    std::ofstream(dir_ / "vigie.yaml") << "site: paris-1\ngovernance:\n" << dates;
    const auto err = dir_ / "err.txt";
    const int status = std::system((vigie_binary() + " gateway --config " +
                                    (dir_ / "vigie.yaml").string() + " 2>" + err.string())
                                       .c_str());
    EXPECT_EQ(WEXITSTATUS(status), 2) << dates;
    std::ifstream in(err);
    const std::string message((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(message.find(needle), std::string::npos) << message;
  }
}
