#include "api/gateway_routes.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/token_hash.hpp"
#include "fake_gateway_status.hpp"

namespace vigie::api {
namespace {

class GatewayRoutes : public ::testing::Test {
 protected:
  GatewayRoutes() { add_gateway_routes(router_, status_); }

  Response get(std::string target, std::string token = {}) {
    Request req{http::verb::get, target, 11};
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    return router_.handle(req, auth_);
  }

  test::FakeGatewayStatus status_;
  Router router_;
  Authenticator auth_{{{"auditor-1", Role::auditor, token_sha256_hex("auditor-secret")}}};
};

TEST_F(GatewayRoutes, HealthzIsOkWhenBrokerAndStoreAreUp) {
  const Response res = get("/healthz");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(nlohmann::json::parse(res.body()), nlohmann::json({{"status", "ok"}}));
}

// Without a token /healthz says the status and nothing else: no store error (paths, SQLite's
// words), no broker flag, no governance text for anyone who can reach the port.
TEST_F(GatewayRoutes, HealthzWithoutATokenSaysOnlyDegradedWhenTheBrokerIsDown) {
  status_.set_broker(false);
  const Response res = get("/healthz");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(nlohmann::json::parse(res.body()), nlohmann::json({{"status", "degraded"}}));
}

TEST_F(GatewayRoutes, HealthzWithoutATokenSaysOnlyDegradedWhenTheStoreFails) {
  status_.set_store(false, "COMMIT: disk I/O error on /var/lib/vigie/vigie.db");
  const Response res = get("/healthz");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(res.body(), R"({"status":"degraded"})");
}

TEST_F(GatewayRoutes, HealthzWithATokenSaysWhichPartIsDown) {
  status_.set_broker(false);
  const Response res = get("/healthz", "auditor-secret");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(nlohmann::json::parse(res.body()),
            nlohmann::json({{"status", "degraded"}, {"broker", false}, {"store", true}}));
}

TEST_F(GatewayRoutes, HealthzWithATokenGivesTheStoresError) {
  status_.set_store(false, "COMMIT: database or disk is full");
  const Response res = get("/healthz", "auditor-secret");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(nlohmann::json::parse(res.body()),
            nlohmann::json({{"status", "degraded"},
                            {"broker", true},
                            {"store", false},
                            {"store_error", "COMMIT: database or disk is full"}}));
}

// A backlog for the group's central database is no fault (a site works alone through a WAN
// outage): the status stays ok, and the details say how much waits and why.
TEST_F(GatewayRoutes, HealthzGivesTheOutboxToATokenAndStaysOkWithABacklog) {
  status_.set_outbox(OutboxHealth{42, 12.5, false, "cannot connect: timeout"});
  EXPECT_EQ(get("/healthz").body(), R"({"status":"ok"})");
  const Response res = get("/healthz", "auditor-secret");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(nlohmann::json::parse(res.body()),
            nlohmann::json({{"status", "ok"},
                            {"outbox",
                             {{"depth", 42},
                              {"oldest_age_seconds", 12.5},
                              {"central_connected", false},
                              {"last_error", "cannot connect: timeout"}}}}));
  status_.set_outbox(OutboxHealth{0, 0, true, ""});
  EXPECT_EQ(nlohmann::json::parse(get("/healthz", "auditor-secret").body())["outbox"],
            nlohmann::json({{"depth", 0}, {"oldest_age_seconds", 0}, {"central_connected", true}}));
}

TEST_F(GatewayRoutes, HealthzGivesDetailsToATokenOfEveryRole) {
  const Authenticator auth({{"m", Role::manager, token_sha256_hex("m-secret")},
                            {"a", Role::auditor, token_sha256_hex("a-secret")},
                            {"root", Role::admin, token_sha256_hex("root-secret")}});
  status_.set_store(false, "COMMIT: database or disk is full");
  for (const char* token : {"m-secret", "a-secret", "root-secret"}) {
    Request req{http::verb::get, "/healthz", 11};
    req.set(http::field::authorization, std::string("Bearer ") + token);
    const auto body = nlohmann::json::parse(router_.handle(req, auth).body());
    EXPECT_EQ(body["store_error"], "COMMIT: database or disk is full") << token;
  }
}

TEST_F(GatewayRoutes, HealthzWithAWrongTokenSaysOnlyTheStatus) {
  status_.set_store(false, "COMMIT: database or disk is full");
  for (const char* header : {"Bearer wrong", "Bearer", "Basic dXNlcjpwdw=="}) {
    Request req{http::verb::get, "/healthz", 11};
    req.set(http::field::authorization, header);
    const Response res = router_.handle(req, auth_);
    EXPECT_EQ(res.result(), http::status::service_unavailable) << header;
    EXPECT_EQ(res.body(), R"({"status":"degraded"})") << header;
  }
}

// The details differ with the token's validity: guesses there count like anywhere else, and
// a locked-out address gets the status only (never 429: a probe must see the health).
TEST_F(GatewayRoutes, HealthzCountsWrongTokensAndALockedOutAddressGetsTheStatusOnly) {
  AuthThrottle throttle(AuthThrottleOptions{.max_failures = 3});
  auto healthz = [&](const std::string& token) {
    Request req{http::verb::get, "/healthz", 11};
    req.set(http::field::authorization, "Bearer " + token);
    return router_.handle(req, auth_, throttle, "192.0.2.7");
  };
  status_.set_broker(false);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(healthz("guess").body(), R"({"status":"degraded"})");
  EXPECT_EQ(throttle.failures(), 3u);
  const Response locked = healthz("auditor-secret");
  EXPECT_EQ(locked.result(), http::status::service_unavailable);
  EXPECT_EQ(locked.body(), R"({"status":"degraded"})");
  // Another address with the right token still gets the details.
  Request req{http::verb::get, "/healthz", 11};
  req.set(http::field::authorization, "Bearer auditor-secret");
  const auto body = nlohmann::json::parse(router_.handle(req, auth_, throttle, "192.0.2.8").body());
  EXPECT_EQ(body["broker"], false);
}

TEST_F(GatewayRoutes, MetricsServePrometheusTextWithoutToken) {
  const Response res = get("/metrics");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(to_std(res[http::field::content_type]).rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_EQ(res.body(), status_.prometheus_text());
}

TEST_F(GatewayRoutes, StatsNeedAToken) {
  EXPECT_EQ(get("/api/v1/stats").result(), http::status::unauthorized);
  EXPECT_EQ(get("/api/v1/stats", "wrong").result(), http::status::unauthorized);
}

TEST_F(GatewayRoutes, StatsReturnExactlyTheSevenIntegerFields) {
  status_.set_stats({.events_received = 10,
                     .events_stored = 9,
                     .duplicates = 1,
                     .quarantined = 2,
                     .gaps = 3,
                     .nodes_online = 4,
                     .nodes_total = 5});
  const Response res = get("/api/v1/stats", "auditor-secret");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  const auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body, nlohmann::json({{"events_received", 10},
                                  {"events_stored", 9},
                                  {"duplicates", 1},
                                  {"quarantined", 2},
                                  {"gaps", 3},
                                  {"nodes_online", 4},
                                  {"nodes_total", 5}}));
  for (const auto& [key, value] : body.items()) EXPECT_TRUE(value.is_number_integer()) << key;
}

TEST_F(GatewayRoutes, StatsAreRefusedWhenNoTokensAreConfigured) {
  Router router;
  add_gateway_routes(router, status_);
  const Authenticator none({});
  const Response res = router.handle(Request{http::verb::get, "/api/v1/stats", 11}, none);
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_NE(res.body().find("no API tokens"), std::string::npos);
  // Open routes still answer.
  EXPECT_EQ(router.handle(Request{http::verb::get, "/healthz", 11}, none).result(),
            http::status::ok);
}

TEST_F(GatewayRoutes, WhoamiNamesTheTokenAndItsRole) {
  EXPECT_EQ(get("/api/v1/whoami").result(), http::status::unauthorized);
  const Response res = get("/api/v1/whoami", "auditor-secret");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(nlohmann::json::parse(res.body()),
            nlohmann::json({{"name", "auditor-1"}, {"role", "auditor"}}));
}

}  // namespace
}  // namespace vigie::api
