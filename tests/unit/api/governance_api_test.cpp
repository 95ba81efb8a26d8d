// The governance gate as the API shows it: /healthz says which dates are
// missing, and the team-only floor names no agent (list, alerts, snapshot).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/gateway_routes.hpp"
#include "api/team_only_floor.hpp"
#include "api/token_hash.hpp"
#include "fake_floor_service.hpp"
#include "fake_gateway_status.hpp"

namespace vigie::api {
namespace {

using nlohmann::json;

class GovernedStatus : public test::FakeGatewayStatus {
 public:
  std::optional<GovernanceStatus> governance() const override { return governance_; }
  std::optional<SiteClock> site() const override { return site_; }
  GovernanceStatus governance_;
  std::optional<SiteClock> site_;
};

class HealthzGovernance : public ::testing::Test {
 protected:
  HealthzGovernance() { add_gateway_routes(router_, status_); }
  // With a token: the governance text is a detail, for token holders only.
  Response healthz(const std::string& token = "manager-secret") {
    Request req{http::verb::get, "/healthz", 11};
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    return router_.handle(req, auth_);
  }

  GovernedStatus status_;
  Router router_;
  Authenticator auth_{{{"manager-1", Role::manager, token_sha256_hex("manager-secret")}}};
};

TEST_F(HealthzGovernance, WithoutATokenHealthzSaysNothingOfGovernance) {
  status_.governance_ = {false, {"dpia_done", "staff_informed"}};
  const auto res = healthz("");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(json::parse(res.body()), json({{"status", "ok"}}));
}

TEST_F(HealthzGovernance, IncompleteGovernanceIsStillOkAndNamesWhatIsMissing) {
  status_.governance_ = {false, {"dpia_done", "staff_informed"}};
  const auto res = healthz();
  EXPECT_EQ(res.result(), http::status::ok);
  const auto body = json::parse(res.body());
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["governance"], json({{"complete", false},
                                      {"missing", {"dpia_done", "staff_informed"}},
                                      {"mode", "team_only"}}));
}

TEST_F(HealthzGovernance, ATokenHolderLearnsTheSiteAndItsTimeZone) {
  status_.site_ = SiteClock{"paris-1", "Europe/Paris"};
  EXPECT_EQ(json::parse(healthz().body())["site"],
            json({{"id", "paris-1"}, {"timezone", "Europe/Paris"}}));
  EXPECT_FALSE(json::parse(healthz("").body()).contains("site"));
}

TEST_F(HealthzGovernance, CompleteGovernanceSaysPerAgent) {
  status_.governance_ = {true, {}};
  const auto body = json::parse(healthz().body());
  EXPECT_EQ(body["governance"]["mode"], "per_agent");
  EXPECT_EQ(body["governance"]["missing"], json::array());
}

TEST_F(HealthzGovernance, ADegradedGatewayStillSaysItsGovernance) {
  status_.governance_ = {false, {"cse_consulted"}};
  status_.set_broker(false);
  const auto res = healthz();
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  const auto body = json::parse(res.body());
  EXPECT_EQ(body["status"], "degraded");
  EXPECT_EQ(body["governance"]["missing"], json({"cse_consulted"}));
}

json team_alert(const std::string& id, const std::string& team) {
  auto a = test::agent_alert(id, "x", "LOAD-01");
  a["subject"] = {{"team", team}};
  return a;
}

class TeamOnly : public ::testing::Test {
 protected:
  TeamOnly() {
    inner_.set_agents(json::array({test::agent_entry("4012", "sav-1")}),
                      json::array({{{"team", "sav-1"},
                                    {"logged_in", 1},
                                    {"handling", 1},
                                    {"available", 0},
                                    {"occupancy", 1.0}}}));
    inner_.set_alerts({test::agent_alert("a-1", "4012"), team_alert("t-1", "sav-1")});
  }
  test::FakeFloorService inner_;
  TeamOnlyFloor floor_{inner_, {false, {"dpia_done"}}};
};

TEST_F(TeamOnly, TheFloorKeepsTeamsAndListsNoAgent) {
  const auto f = floor_.agents();
  EXPECT_EQ(f["agents"], json::array());
  ASSERT_EQ(f["teams"].size(), 1u);
  EXPECT_EQ(f["teams"][0]["team"], "sav-1");
  EXPECT_EQ(f["per_agent"], false);
  EXPECT_EQ(f["governance"]["missing"], json({"dpia_done"}));
  EXPECT_EQ(f["at"], 5000);
  EXPECT_EQ(f.dump().find("4012"), std::string::npos) << f.dump();
}

TEST_F(TeamOnly, AgentAlertsAreLeftOutAndCannotBeActedOn) {
  const auto alerts = floor_.alerts({});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["id"], "t-1");
  EXPECT_FALSE(floor_.acknowledge("a-1", "m", 1, "note"));
  EXPECT_FALSE(floor_.justify("a-1", "m", 1, "other", "note"));
  EXPECT_TRUE(inner_.alerts({})[0]["acked"].is_null()) << "the agent's alert is untouched";
  const auto acked = floor_.acknowledge("t-1", "m", 1, "vu");
  ASSERT_TRUE(acked);
  EXPECT_EQ((*acked)["acked"]["by"], "m");
}

TEST_F(TeamOnly, TheLiveSnapshotNamesNoAgent) {
  const auto snapshot = floor_snapshot(floor_);
  EXPECT_EQ(snapshot["agents"], json::array());
  EXPECT_EQ(snapshot["teams"].size(), 1u);
  EXPECT_EQ(snapshot["alerts"].size(), 1u);
  EXPECT_EQ(snapshot.dump().find("4012"), std::string::npos) << snapshot.dump();
}

}  // namespace
}  // namespace vigie::api
