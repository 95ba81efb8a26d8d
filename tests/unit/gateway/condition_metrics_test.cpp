// Working conditions in /metrics: aggregates by team, criterion and state only.
#include "app/condition_metrics.hpp"

#include <gtest/gtest.h>

#include "app/process_metrics.hpp"

using namespace vigie;
using nlohmann::json;

namespace {

engine::Alert alert(const std::string& criterion, engine::AlertState state,
                    const std::string& agent) {
  engine::Alert a;
  a.criterion = criterion;
  a.severity = referentiel::Severity::major;
  a.subject = {referentiel::Scope::agent, agent};
  a.state = state;
  return a;
}

}  // namespace

TEST(ConditionMetrics, CountsByTeamCriterionAndStateAndNamesNoAgent) {
  app::ConditionSnapshot s;
  s.agents = {
      {"agents",
       {{{"agent", "4001"}, {"team", "sav-1"}, {"state", "talking"}},
        {{"agent", "4002"}, {"team", "sav-1"}, {"state", "available"}},
        {{"agent", "4003"}, {"team", "sav\"2"}, {"state", "not_ready"}}}},
      {"teams",
       {{{"team", "sav-1"}, {"occupancy", 0.5}}, {{"team", "sav\"2"}, {"occupancy", nullptr}}}}};
  s.nodes = {{{"node", "acd-1"}, {"state", "online"}},
             {{"node", "desk-2"}, {"state", "offline"}},
             {{"node", "desk-3"}, {"state", "online"}}};
  for (const auto& a : {alert("BRK-01", engine::AlertState::firing, "4001"),
                        alert("BRK-01", engine::AlertState::firing, "4002"),
                        alert("BRK-01", engine::AlertState::due, "4003")})
    s.active_alerts.add(a);
  s.last_checkpoint = 1000;
  s.now = 61500;
  const auto text = app::condition_metrics_text(s);
  for (const char* line :
       {"vigie_alerts_active{criterion=\"BRK-01\",severity=\"major\",state=\"firing\"} 2\n",
        "vigie_alerts_active{criterion=\"BRK-01\",severity=\"major\",state=\"due\"} 1\n",
        "vigie_team_agents{team=\"sav-1\",state=\"talking\"} 1\n",
        "vigie_team_agents{team=\"sav-1\",state=\"available\"} 1\n",
        "vigie_team_agents{team=\"sav-1\",state=\"logged_out\"} 0\n",
        "vigie_team_agents{team=\"sav\\\"2\",state=\"not_ready\"} 1\n",
        "vigie_team_occupancy_ratio{team=\"sav-1\"} 0.5\n", "vigie_nodes{state=\"online\"} 2\n",
        "vigie_nodes{state=\"offline\"} 1\n", "vigie_checkpoint_age_seconds 60.5\n",
        "# TYPE vigie_team_agents gauge\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  EXPECT_EQ(text.find("vigie_team_occupancy_ratio{team=\"sav\\\"2\"}"), std::string::npos);
  for (const char* id : {"4001", "4002", "4003", "agent="})
    EXPECT_EQ(text.find(id), std::string::npos) << id << "\n" << text;
}

TEST(ConditionMetrics, NoCheckpointYetMeansNoAgeAndEmptyFloorsStillDeclareTheirFamilies) {
  app::ConditionSnapshot s;
  s.agents = json::object();
  s.nodes = json::array();
  auto text = app::condition_metrics_text(s);
  EXPECT_EQ(text.find("\nvigie_checkpoint_age_seconds "), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE vigie_alerts_active gauge\n"), std::string::npos);
  EXPECT_NE(text.find("vigie_nodes{state=\"online\"} 0\n"), std::string::npos);
  s.nodes = nullptr;  // the store could not be read: no count rather than a false zero
  text = app::condition_metrics_text(s);
  EXPECT_EQ(text.find("\nvigie_nodes{"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE vigie_nodes gauge\n"), std::string::npos);
}

TEST(ProcessMetrics, ReadsThisProcessFromProc) {
  const auto text = app::process_metrics_text();
  for (const char* name : {"process_cpu_seconds_total ", "process_start_time_seconds ",
                           "process_resident_memory_bytes ", "process_open_fds ",
                           "process_max_fds ", "process_virtual_memory_bytes "})
    EXPECT_NE(text.find(std::string("\n") + name), std::string::npos) << name << "\n" << text;
  const auto rss = text.find("\nprocess_resident_memory_bytes ");
  EXPECT_GT(std::stod(text.substr(rss + 31)), 1e5) << "a real process has some memory";
  EXPECT_EQ(app::build_info_text("1.2.3"),
            "# HELP vigie_build_info The gateway's version; always 1.\n"
            "# TYPE vigie_build_info gauge\nvigie_build_info{version=\"1.2.3\"} 1\n");
}
