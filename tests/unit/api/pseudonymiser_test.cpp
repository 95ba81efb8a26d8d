#include "api/pseudonymiser.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "fake_floor_service.hpp"

namespace vigie::api {
namespace {

Pseudonymiser tagging() {
  // Reversed, so the clear id is not a substring of its pseudonym.
  return Pseudonymiser(
      [](const std::string& v) { return "ps-" + std::string(v.rbegin(), v.rend()); });
}

TEST(Pseudonymiser, EmptyFunctionIsRefused) {
  EXPECT_THROW(Pseudonymiser(PseudonymFunction{}), std::invalid_argument);
}

TEST(Pseudonymiser, OnlyAuditorsSeePseudonyms) {
  EXPECT_TRUE(Pseudonymiser::applies_to(Role::auditor));
  EXPECT_FALSE(Pseudonymiser::applies_to(Role::manager));
  EXPECT_FALSE(Pseudonymiser::applies_to(Role::admin));
}

TEST(Pseudonymiser, AgentAlertLosesTheAgentIdEverywhere) {
  const auto out = tagging().alert(test::agent_alert("a1b2", "4012"));
  EXPECT_EQ(out["subject"]["agent"], "ps-2104");
  EXPECT_EQ(out["id"], "ps-2b1a");
  const std::string summary = out["summary"];
  EXPECT_EQ(summary.rfind("agent.ps-2104: ", 0), 0u) << summary;
  EXPECT_EQ(out.dump().find("4012"), std::string::npos) << out.dump();
}

TEST(Pseudonymiser, NumbersThatContainTheIdAreLeftAlone) {
  // Agent "360": the threshold "360.0 min" in the summary is not the agent.
  const auto out = tagging().alert(test::agent_alert("x", "360"));
  const std::string summary = out["summary"];
  EXPECT_EQ(summary.rfind("agent.ps-063: ", 0), 0u) << summary;
  EXPECT_NE(summary.find("threshold 360.0 min"), std::string::npos) << summary;
  EXPECT_EQ(out["threshold"], 360.0);
}

TEST(Pseudonymiser, TeamAlertIsUnchanged) {
  auto alert = test::agent_alert("t1", "x");
  alert["subject"] = {{"team", "sav-1"}};
  alert["summary"] = "team.sav-1: occupancy";
  EXPECT_EQ(tagging().alert(alert), alert);
}

TEST(Pseudonymiser, AgentEntryLosesIdNameAndAlertIds) {
  const auto out = tagging().agent(test::agent_entry("4012", "sav-1"));
  EXPECT_EQ(out["agent"], "ps-2104");
  EXPECT_FALSE(out.contains("name"));
  EXPECT_EQ(out["alerts"][0]["id"], "ps-2104-a");
  EXPECT_EQ(out["team"], "sav-1");
  EXPECT_EQ(out["work_minutes_today"], 312.5);
  EXPECT_EQ(out.dump().find("4012\""), std::string::npos) << out.dump();
}

TEST(Pseudonymiser, EveryLiveMessageTypeIsCovered) {
  const Pseudonymiser p = tagging();
  const auto agent = p.message({{"type", "agent"}, {"agent", test::agent_entry("4012", "t")}});
  EXPECT_EQ(agent["agent"]["agent"], "ps-2104");
  const auto alert = p.message({{"type", "alert"}, {"alert", test::agent_alert("a9", "4012")}});
  EXPECT_EQ(alert["alert"]["subject"]["agent"], "ps-2104");
  const nlohmann::json snapshot = {{"type", "snapshot"},
                                   {"agents", {test::agent_entry("4012", "t")}},
                                   {"alerts", {test::agent_alert("a9", "4013")}},
                                   {"teams", nlohmann::json::array()},
                                   {"nodes", nlohmann::json::array()}};
  const auto out = p.message(snapshot);
  EXPECT_EQ(out["agents"][0]["agent"], "ps-2104");
  EXPECT_EQ(out["alerts"][0]["subject"]["agent"], "ps-3104");
  EXPECT_EQ(out.dump().find("\"4012\""), std::string::npos);
  EXPECT_EQ(out.dump().find("\"4013\""), std::string::npos);
}

TEST(Pseudonymiser, IsDeterministic) {
  const Pseudonymiser p = tagging();
  EXPECT_EQ(p.alert(test::agent_alert("a", "7")), p.alert(test::agent_alert("a", "7")));
  EXPECT_EQ(p.pseudonym("4012"), "ps-2104");
}

}  // namespace
}  // namespace vigie::api
