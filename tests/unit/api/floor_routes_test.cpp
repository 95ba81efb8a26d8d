#include "api/floor_routes.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/floor_requests.hpp"
#include "api/token_hash.hpp"
#include "fake_floor_service.hpp"
#include "fake_live_publisher.hpp"

namespace vigie::api {
namespace {

constexpr EpochMs kNow = 1'764'489'600'000;

class FloorRoutesTest : public ::testing::Test {
 protected:
  FloorRoutesTest() {
    add_floor_routes(router_, floor_, live_, pseudonyms_, {.now = [] { return kNow; }, .site = {}});
    floor_.set_alerts({test::agent_alert("a1", "4012"), test::agent_alert("a2", "4013")});
    floor_.set_agents({test::agent_entry("4012", "sav-1")});
    floor_.set_nodes({{{"node", "acd-1"}, {"state", "online"}, {"gaps_open", 0}}});
  }

  Response call(http::verb method, std::string target, std::string token, std::string body = {}) {
    Request req{method, target, 11};
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    req.body() = std::move(body);
    return router_.handle(req, auth_);
  }
  Response get(std::string target, std::string token) {
    return call(http::verb::get, std::move(target), std::move(token));
  }
  Response post(std::string target, std::string token, std::string body) {
    return call(http::verb::post, std::move(target), std::move(token), std::move(body));
  }

  static nlohmann::json json_of(const Response& res) { return nlohmann::json::parse(res.body()); }

  static void expect_bad_request(const Response& res, const std::string& words) {
    EXPECT_EQ(res.result(), http::status::bad_request) << res.body();
    EXPECT_EQ(res[http::field::content_type], "application/json");
    const auto body = json_of(res);
    EXPECT_EQ(body["error"], "bad_request");
    EXPECT_NE(body["message"].get<std::string>().find(words), std::string::npos)
        << body["message"] << " lacks " << words;
  }

  test::FakeFloorService floor_;
  test::FakeLivePublisher live_;
  Pseudonymiser pseudonyms_{
      [](const std::string& v) { return "anon-" + std::string(v.rbegin(), v.rend()); }};
  Router router_;
  Authenticator auth_{{{"manager-1", Role::manager, token_sha256_hex("manager-secret")},
                       {"auditor-1", Role::auditor, token_sha256_hex("auditor-secret")},
                       {"admin-1", Role::admin, token_sha256_hex("admin-secret")}}};
};

// --- GET /api/v1/alerts

TEST_F(FloorRoutesTest, AlertsDefaultToActive) {
  const Response res = get("/api/v1/alerts", "manager-secret");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  const auto body = json_of(res);
  ASSERT_TRUE(body.is_array());
  EXPECT_EQ(body.size(), 2u);
  EXPECT_EQ(body[0]["subject"]["agent"], "4012");
  EXPECT_EQ(floor_.last_query->state, AlertStateFilter::active);
  EXPECT_FALSE(floor_.last_query->criterion.has_value());
  EXPECT_FALSE(floor_.last_query->since.has_value());
}

TEST_F(FloorRoutesTest, AlertsQueryIsParsed) {
  ASSERT_EQ(get("/api/v1/alerts?state=all&criterion=BRK-01&since=100&until=200", "manager-secret")
                .result(),
            http::status::ok);
  EXPECT_EQ(floor_.last_query->state, AlertStateFilter::all);
  EXPECT_EQ(floor_.last_query->criterion, "BRK-01");
  EXPECT_EQ(floor_.last_query->since, 100);
  EXPECT_EQ(floor_.last_query->until, 200);
  ASSERT_EQ(get("/api/v1/alerts?state=resolved", "manager-secret").result(), http::status::ok);
  EXPECT_EQ(floor_.last_query->state, AlertStateFilter::resolved);
}

TEST_F(FloorRoutesTest, AlertsEmptyValuesCountAsAbsent) {
  ASSERT_EQ(get("/api/v1/alerts?state=&criterion=&since=&until=", "auditor-secret").result(),
            http::status::ok);
  EXPECT_EQ(floor_.last_query->state, AlertStateFilter::active);
  EXPECT_FALSE(floor_.last_query->criterion.has_value());
}

TEST_F(FloorRoutesTest, AlertsPercentEncodedCriterionIsDecoded) {
  ASSERT_EQ(get("/api/v1/alerts?criterion=BRK%2D01", "manager-secret").result(), http::status::ok);
  EXPECT_EQ(floor_.last_query->criterion, "BRK-01");
}

TEST_F(FloorRoutesTest, AlertsBadValuesAre400Json) {
  expect_bad_request(get("/api/v1/alerts?state=open", "manager-secret"), "'state'");
  expect_bad_request(get("/api/v1/alerts?since=yesterday", "manager-secret"), "'since'");
  expect_bad_request(get("/api/v1/alerts?until=-5", "manager-secret"), "'until'");
  expect_bad_request(get("/api/v1/alerts?since=1.5", "manager-secret"), "'since'");
  expect_bad_request(get("/api/v1/alerts?since=99999999999999999999", "manager-secret"), "'since'");
  expect_bad_request(get("/api/v1/alerts?since=300&until=200", "manager-secret"), "not be after");
  expect_bad_request(get("/api/v1/alerts?criterion=BRK%2001", "manager-secret"), "'criterion'");
  expect_bad_request(get("/api/v1/alerts?criterion=" + std::string(65, 'x'), "manager-secret"),
                     "'criterion'");
  expect_bad_request(get("/api/v1/alerts?colour=red", "manager-secret"), "unknown query parameter");
  expect_bad_request(get("/api/v1/alerts?state=all&state=active", "manager-secret"),
                     "more than once");
  expect_bad_request(get("/api/v1/alerts?criterion=%zz", "manager-secret"), "%-escape");
  expect_bad_request(get("/api/v1/alerts?criterion=%4", "manager-secret"), "%-escape");
}

TEST_F(FloorRoutesTest, AlertsNeedAToken) {
  EXPECT_EQ(get("/api/v1/alerts", "").result(), http::status::unauthorized);
  EXPECT_EQ(get("/api/v1/alerts", "wrong").result(), http::status::unauthorized);
}

TEST_F(FloorRoutesTest, AlertsAnswerEveryRole) {
  for (const char* token : {"manager-secret", "auditor-secret", "admin-secret"}) {
    EXPECT_EQ(get("/api/v1/alerts", token).result(), http::status::ok) << token;
  }
}

TEST_F(FloorRoutesTest, AuditorsGetAlertsWithPseudonyms) {
  const Response res = get("/api/v1/alerts?state=all", "auditor-secret");
  ASSERT_EQ(res.result(), http::status::ok);
  const auto body = json_of(res);
  EXPECT_EQ(body[0]["subject"]["agent"], "anon-2104");
  EXPECT_EQ(body[1]["subject"]["agent"], "anon-3104");
  EXPECT_EQ(res.body().find("4012"), std::string::npos);
  EXPECT_EQ(res.body().find("4013"), std::string::npos);
}

TEST_F(FloorRoutesTest, ManagersAndAdminsGetAlertsInClear) {
  for (const char* token : {"manager-secret", "admin-secret"}) {
    EXPECT_EQ(json_of(get("/api/v1/alerts", token))[0]["subject"]["agent"], "4012") << token;
  }
}

// --- POST /api/v1/alerts/{id}/ack

TEST_F(FloorRoutesTest, AckRecordsWhoAndWhenAndPublishesTheAlert) {
  const Response res = post("/api/v1/alerts/a1/ack", "manager-secret", R"({"note":"seen"})");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto body = json_of(res);
  EXPECT_EQ(body["id"], "a1");
  EXPECT_EQ(body["acked"], nlohmann::json({{"by", "manager-1"}, {"at", kNow}, {"note", "seen"}}));
  const auto published = live_.messages();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0]["type"], "alert");
  EXPECT_EQ(published[0]["alert"], body);
}

TEST_F(FloorRoutesTest, AckWithEmptyBodyHasAnEmptyNote) {
  const Response res = post("/api/v1/alerts/a1/ack", "admin-secret", "");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(json_of(res)["acked"]["by"], "admin-1");
  EXPECT_EQ(json_of(res)["acked"]["note"], "");
}

TEST_F(FloorRoutesTest, AckUnknownAlertIs404) {
  const Response res = post("/api/v1/alerts/nope/ack", "manager-secret", "{}");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(json_of(res)["error"], "not_found");
  EXPECT_EQ(json_of(res)["message"], "no alert with this id") << "the id is not echoed";
  EXPECT_TRUE(live_.messages().empty());
}

TEST_F(FloorRoutesTest, AckMalformedIdIs404) {
  EXPECT_EQ(post("/api/v1/alerts/a%201/ack", "manager-secret", "{}").result(),
            http::status::not_found);
}

TEST_F(FloorRoutesTest, AckBadBodiesAre400) {
  expect_bad_request(post("/api/v1/alerts/a1/ack", "manager-secret", "{note"), "not valid JSON");
  expect_bad_request(post("/api/v1/alerts/a1/ack", "manager-secret", "[]"), "JSON object");
  expect_bad_request(post("/api/v1/alerts/a1/ack", "manager-secret", R"({"note":5})"),
                     "\"note\" must be a string");
  expect_bad_request(post("/api/v1/alerts/a1/ack", "manager-secret", R"({"reason":"x"})"),
                     "an unknown field in the request body; it accepts \"note\"");
  expect_bad_request(post("/api/v1/alerts/a1/ack", "manager-secret",
                          nlohmann::json({{"note", std::string(kMaxNoteBytes + 1, 'x')}}).dump()),
                     "longer than");
  EXPECT_TRUE(live_.messages().empty());
}

TEST_F(FloorRoutesTest, AckRoles) {
  EXPECT_EQ(post("/api/v1/alerts/a1/ack", "", "{}").result(), http::status::unauthorized);
  EXPECT_EQ(post("/api/v1/alerts/a1/ack", "auditor-secret", "{}").result(),
            http::status::forbidden);
  EXPECT_EQ(post("/api/v1/alerts/a1/ack", "manager-secret", "{}").result(), http::status::ok);
  EXPECT_EQ(post("/api/v1/alerts/a1/ack", "admin-secret", "{}").result(), http::status::ok);
}

TEST_F(FloorRoutesTest, AckIsPostOnly) {
  EXPECT_EQ(get("/api/v1/alerts/a1/ack", "manager-secret").result(),
            http::status::method_not_allowed);
}

// --- POST /api/v1/alerts/{id}/justify

TEST_F(FloorRoutesTest, JustifyRecordsReasonNoteWhoAndWhen) {
  const Response res = post("/api/v1/alerts/a2/justify", "manager-secret",
                            R"({"reason":"incident on the line","note":"see ticket 12"})");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(json_of(res)["justified"], nlohmann::json({{"by", "manager-1"},
                                                       {"at", kNow},
                                                       {"reason", "incident on the line"},
                                                       {"note", "see ticket 12"}}));
  ASSERT_EQ(live_.messages().size(), 1u);
  EXPECT_EQ(live_.messages()[0]["alert"]["justified"]["reason"], "incident on the line");
}

TEST_F(FloorRoutesTest, JustifyWithoutReasonIs400) {
  expect_bad_request(post("/api/v1/alerts/a2/justify", "manager-secret", "{}"), "\"reason\"");
  expect_bad_request(post("/api/v1/alerts/a2/justify", "manager-secret", R"({"reason":"  "})"),
                     "\"reason\" is required");
  expect_bad_request(post("/api/v1/alerts/a2/justify", "manager-secret", R"({"reason":null})"),
                     "\"reason\" is required");
  expect_bad_request(post("/api/v1/alerts/a2/justify", "manager-secret", R"({"reason":["x"]})"),
                     "must be a string");
  expect_bad_request(post("/api/v1/alerts/a2/justify", "manager-secret", "not json"),
                     "not valid JSON");
  expect_bad_request(
      post("/api/v1/alerts/a2/justify", "manager-secret", R"({"reason":"x","by":"someone else"})"),
      "an unknown field in the request body; it accepts \"reason\", \"note\"");
  EXPECT_TRUE(live_.messages().empty());
}

TEST_F(FloorRoutesTest, JustifyUnknownAlertIs404) {
  EXPECT_EQ(post("/api/v1/alerts/zz/justify", "manager-secret", R"({"reason":"x"})").result(),
            http::status::not_found);
}

TEST_F(FloorRoutesTest, JustifyRoles) {
  const std::string body = R"({"reason":"x"})";
  EXPECT_EQ(post("/api/v1/alerts/a2/justify", "", body).result(), http::status::unauthorized);
  EXPECT_EQ(post("/api/v1/alerts/a2/justify", "auditor-secret", body).result(),
            http::status::forbidden);
  EXPECT_EQ(post("/api/v1/alerts/a2/justify", "manager-secret", body).result(), http::status::ok);
  EXPECT_EQ(post("/api/v1/alerts/a2/justify", "admin-secret", body).result(), http::status::ok);
}

// --- GET /api/v1/compliance

TEST_F(FloorRoutesTest, ComplianceTakesThePeriod) {
  const Response res = get("/api/v1/compliance?from=1000&to=2000", "auditor-secret");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(floor_.last_compliance, std::make_pair(EpochMs{1000}, EpochMs{2000}));
  EXPECT_EQ(json_of(res)["criteria"][0]["compliance_rate"], 0.975);
}

TEST_F(FloorRoutesTest, ComplianceBadPeriodsAre400) {
  expect_bad_request(get("/api/v1/compliance", "manager-secret"), "'from' is required");
  expect_bad_request(get("/api/v1/compliance?from=1000", "manager-secret"), "'to' is required");
  expect_bad_request(get("/api/v1/compliance?from=2000&to=1000", "manager-secret"), "before 'to'");
  expect_bad_request(get("/api/v1/compliance?from=1000&to=1000", "manager-secret"), "before 'to'");
  expect_bad_request(get("/api/v1/compliance?from=x&to=1000", "manager-secret"), "'from'");
  expect_bad_request(
      get("/api/v1/compliance?from=0&to=" + std::to_string(kMaxCompliancePeriodMs + 1),
          "manager-secret"),
      "at most 400 days");
  expect_bad_request(get("/api/v1/compliance?from=1&to=2&site=x", "manager-secret"),
                     "an unknown query parameter");
  EXPECT_FALSE(floor_.last_compliance.has_value());
}

TEST_F(FloorRoutesTest, CompliancePeriodTakesIsoDatesAndDateTimes) {
  // No site clock in this fixture: dates are read on UTC.
  ASSERT_EQ(get("/api/v1/compliance?from=2026-12-07&to=2026-12-08", "auditor-secret").result(),
            http::status::ok);
  EXPECT_EQ(floor_.last_compliance, std::make_pair(EpochMs{1796601600000}, EpochMs{1796688000000}));
  ASSERT_EQ(get("/api/v1/compliance?from=2026-12-07T08%3A30%2B01%3A00&to=1796688000000",
                "auditor-secret")
                .result(),
            http::status::ok);
  EXPECT_EQ(floor_.last_compliance,
            std::make_pair(EpochMs{1796601600000 + 7 * 3600000 + 30 * 60000}, EpochMs{1796688000000}));
  ASSERT_EQ(get("/api/v1/alerts?since=2026-12-07&until=2026-12-07T23:59:59", "manager-secret").result(),
            http::status::ok);
  ASSERT_TRUE(floor_.last_query.has_value());
  EXPECT_EQ(floor_.last_query->since, EpochMs{1796601600000});
  EXPECT_EQ(floor_.last_query->until, EpochMs{1796688000000 - 1000});
}

TEST_F(FloorRoutesTest, CompliancePeriodBadDatesAre400) {
  expect_bad_request(get("/api/v1/compliance?from=2026-02-30&to=2026-03-02", "manager-secret"),
                     "'from' must be a date (2026-12-07)");
  expect_bad_request(get("/api/v1/compliance?from=2026-12-07&to=07%2F12%2F2026", "manager-secret"),
                     "'to' must be a date (2026-12-07)");
  expect_bad_request(get("/api/v1/compliance?from=2026-12-08&to=2026-12-07", "manager-secret"),
                     "before 'to'");
  EXPECT_FALSE(floor_.last_compliance.has_value());
  // The routes still answer after bad input.
  EXPECT_EQ(get("/api/v1/compliance?from=2026-12-07&to=2026-12-08", "manager-secret").result(),
            http::status::ok);
}

TEST_F(FloorRoutesTest, ComplianceAnswersEveryRole) {
  EXPECT_EQ(get("/api/v1/compliance?from=1&to=2", "").result(), http::status::unauthorized);
  for (const char* token : {"manager-secret", "auditor-secret", "admin-secret"}) {
    EXPECT_EQ(get("/api/v1/compliance?from=1&to=2", token).result(), http::status::ok) << token;
  }
}

// --- GET /api/v1/agents

TEST_F(FloorRoutesTest, AgentsAreForManagersAndAdmins) {
  EXPECT_EQ(get("/api/v1/agents", "").result(), http::status::unauthorized);
  const Response denied = get("/api/v1/agents", "auditor-secret");
  EXPECT_EQ(denied.result(), http::status::forbidden);
  EXPECT_EQ(denied.body().find("4012"), std::string::npos);
  EXPECT_EQ(floor_.agents_calls, 0);
  for (const char* token : {"manager-secret", "admin-secret"}) {
    const Response res = get("/api/v1/agents", token);
    ASSERT_EQ(res.result(), http::status::ok) << token;
    EXPECT_EQ(json_of(res)["agents"][0]["agent"], "4012");
    EXPECT_EQ(json_of(res)["agents"][0]["work_minutes_today"], 312.5);
  }
}

TEST_F(FloorRoutesTest, AgentsTakeNoQuery) {
  expect_bad_request(get("/api/v1/agents?sort=work", "manager-secret"), "unknown query parameter");
}

// --- GET /api/v1/nodes

TEST_F(FloorRoutesTest, NodesAnswerEveryRole) {
  EXPECT_EQ(get("/api/v1/nodes", "").result(), http::status::unauthorized);
  for (const char* token : {"manager-secret", "auditor-secret", "admin-secret"}) {
    const Response res = get("/api/v1/nodes", token);
    ASSERT_EQ(res.result(), http::status::ok) << token;
    EXPECT_EQ(json_of(res)[0]["node"], "acd-1");
  }
}

// --- GET /api/v1/live without an upgrade

TEST_F(FloorRoutesTest, LiveWithoutUpgradeIs426) {
  EXPECT_EQ(get("/api/v1/live", "").result(), http::status::unauthorized);
  const Response res = get("/api/v1/live", "auditor-secret");
  EXPECT_EQ(res.result(), http::status::upgrade_required);
  EXPECT_EQ(res[http::field::upgrade], "websocket");
  EXPECT_EQ(json_of(res)["error"], "upgrade_required");
}

}  // namespace
}  // namespace vigie::api
