// `vigie report self-assessment` on the store of a real gateway that received a simulated day
// over a real Mosquitto: the report's figures per criterion against the answers the store
// gives by another road (the agents who worked that day, the agent alerts that fired), its
// checkpoint reference against the store's signed checkpoints and the day's ledger entries,
// and its bad input refused with a clear message.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "broker.hpp"
#include "command.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using namespace vigie::testing;

namespace {

// 2026-11-30 07:00 Europe/Paris, a Monday, and that civil day's bounds.
constexpr const char* kMonday = "1796018400000";
constexpr std::int64_t kDayStart = 1795993200000;
constexpr std::int64_t kDayEnd = kDayStart + 86400000;

struct Counts {
  std::int64_t held = 0, justified = 0, breached = 0, without_data = 0;
};

class SelfAssessmentReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-report-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    const std::string capture = (dir_ / "day.jsonl").string();
    ASSERT_EQ(std::system((std::string(VIGIE_SIM_BINARY) + " --capture " + capture +
                           " --agents 8 --teams 2 --start " + kMonday +
                           " --duration 8h --seed 11 2>/dev/null")
                              .c_str()),
              0);
    Broker broker(dir_ / "broker");
    gateway_ = new GatewayProcess(dir_ / "gw", broker.url());
    MqttClient node(broker.url(), "capture-player");
    const auto events = publish_capture(node, capture);
    ASSERT_TRUE(eventually([&] {
      return gateway_->query("SELECT count(*) FROM events") == static_cast<std::int64_t>(events);
    })) << gateway_->log_text();
    std::int64_t before = -1;
    ASSERT_TRUE(eventually([&] {
      const auto now = gateway_->query("SELECT count(*) FROM alert_transitions");
      const bool stable = now == before && now > 0;
      before = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      return stable;
    }));
    // The report reads the store alone, as an operator runs it.
    gateway_->terminate();
    run_ = run_vigie("report self-assessment --config " + gateway_->config_path().string() +
                     " --from 2026-11-30 --to 2026-11-30 --out " + (dir_ / "r.html").string());
    std::ifstream in(dir_ / "r.html");
    std::stringstream text;
    text << in.rdbuf();
    page_ = text.str();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    std::filesystem::remove_all(dir_);
  }

  static std::map<std::string, Counts> criteria() {
    std::map<std::string, Counts> out;
    const std::regex article(
        "data-criterion=\"([A-Z0-9-]+)\" data-held=\"(\\d+)\" data-justified=\"(\\d+)\" "
        "data-breached=\"(\\d+)\" data-without-data=\"(\\d+)\"");
    for (std::sregex_iterator it(page_.begin(), page_.end(), article), end; it != end; ++it)
      out[(*it)[1]] = {std::stoll((*it)[2]), std::stoll((*it)[3]), std::stoll((*it)[4]),
                       std::stoll((*it)[5])};
    return out;
  }

  static std::filesystem::path dir_;
  static GatewayProcess* gateway_;
  static CommandRun run_;
  static std::string page_;
};

std::filesystem::path SelfAssessmentReport::dir_;
GatewayProcess* SelfAssessmentReport::gateway_ = nullptr;
CommandRun SelfAssessmentReport::run_;
std::string SelfAssessmentReport::page_;

TEST_F(SelfAssessmentReport, FiguresPerCriterionAreTheStoresAgentDaysAndAlerts) {
  ASSERT_EQ(run_.code, 0) << run_.output;
  EXPECT_NE(run_.output.find("8 agents' days of 2026-11-30..2026-11-30, checkpoint verified"),
            std::string::npos)
      << run_.output;
  const auto agents = gateway_->query(
      "SELECT count(DISTINCT agent) FROM events WHERE type = 'agent.state' AND ts >= " +
      std::to_string(kDayStart) + " AND ts < " + std::to_string(kDayEnd));
  ASSERT_EQ(agents, 8);
  const auto found = criteria();
  ASSERT_GE(found.size(), 10u) << page_.substr(0, 2000);
  for (const auto& [id, c] : found) {
    EXPECT_EQ(c.held + c.justified + c.breached + c.without_data, agents) << id;
    // Agents with an alert of this criterion that fired that day, and none justified.
    const auto fired = gateway_->query(
        "SELECT count(DISTINCT a.subject_id) FROM alert_transitions t JOIN alerts a"
        " ON a.alert_id = t.alert_id WHERE a.subject_kind = 'agent' AND a.criterion = '" +
        id + "' AND t.state = 'firing' AND t.at >= " + std::to_string(kDayStart) +
        " AND t.at < " + std::to_string(kDayEnd));
    EXPECT_EQ(c.breached, fired) << id;
    EXPECT_EQ(c.justified, 0) << id;
  }
  ASSERT_TRUE(found.count("BRK-01"));
  EXPECT_GE(found.at("BRK-01").breached, 1) << "the simulated centre skips a pause (--skip-pauses)";
  EXPECT_NE(page_.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(page_.find("Code du travail L.3121-16"), std::string::npos);
  EXPECT_NE(page_.find("data-agent-days=\"8\""), std::string::npos);
}

TEST_F(SelfAssessmentReport, TheCheckpointCitedIsTheStoresAndCoversTheDay) {
  ASSERT_EQ(run_.code, 0) << run_.output;
  std::smatch m;
  const std::regex proof(
      "data-verified=\"(yes|no)\" data-checkpoint-size=\"(\\d+)\" "
      "data-checkpoint-root=\"([0-9a-f]{64})\"");
  ASSERT_TRUE(std::regex_search(page_, m, proof)) << page_.substr(page_.size() - 3000);
  EXPECT_EQ(m[1], "yes");
  const std::string size = m[2], root = m[3];
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM checkpoints WHERE size = " + size +
                            " AND lower(hex(root)) = '" + root + "'"),
            1)
      << "a checkpoint the store signed";
  EXPECT_EQ(gateway_->query("SELECT count(*) FROM ledger_entries WHERE kind = 'agent.day' AND at"
                            " >= " + std::to_string(kDayStart) + " AND at < " +
                            std::to_string(kDayEnd)),
            8);
  EXPECT_LT(gateway_->query("SELECT max(idx) FROM ledger_entries WHERE kind = 'agent.day'"),
            std::stoll(size))
      << "every day read is under the checkpoint";
  // The same period as an audit pack verifies offline.
  const auto pack = dir_ / "pack";
  const auto exported = run_vigie("audit export --config " + gateway_->config_path().string() +
                                  " --from 2026-11-30 --to 2026-11-30 --out " + pack.string());
  ASSERT_EQ(exported.code, 0) << exported.output;
  const auto verified = run_vigie("audit verify " + pack.string());
  EXPECT_EQ(verified.code, 0) << verified.output;
}

TEST_F(SelfAssessmentReport, BadInputIsRefusedSayingWhatIsWrong) {
  const std::string config = " --config " + gateway_->config_path().string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"report self-assessment" + config + " --from 2026-13-01 --to 2026-12-01",
       "--from: not a date (YYYY-MM-DD)"},
      {"report self-assessment" + config + " --from 2026-12-01 --to 2026-11-01",
       "--to is before --from"},
      {"report self-assessment" + config + " --from 2026-12-01", "needs --config, --from and --to"},
      {"report self-assessment" + config + " --from 2026-12-01 --to 2026-12-01 --colour red",
       "unexpected argument '--colour'"},
      {"report monthly", "unknown report 'monthly'"},
      {"report self-assessment --config " + (dir_ / "nope.yaml").string() +
           " --from 2026-12-01 --to 2026-12-01",
       "configuration error"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_vigie(args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << args << ": " << r.output;
  }
}

TEST_F(SelfAssessmentReport, AnEmptyPeriodIsAReportWithNothingInIt) {
  const auto r = run_vigie("report self-assessment --config " +
                           gateway_->config_path().string() + " --from 2026-10-01 --to 2026-10-07");
  ASSERT_EQ(r.code, 0) << r.output.substr(0, 400);
  EXPECT_NE(r.output.find("data-agent-days=\"0\""), std::string::npos);
  EXPECT_NE(r.output.find("Aucun manquement sur la période."), std::string::npos);
}

}  // namespace
