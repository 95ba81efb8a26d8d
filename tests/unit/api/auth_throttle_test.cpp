// The lock-out after repeated wrong tokens, on an injected clock: no test here sleeps.
#include "api/auth_throttle.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "api/json_response.hpp"
#include "api/router.hpp"
#include "api/token_hash.hpp"

namespace vigie::api {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kManager = "m4nager-T0ken";

class AuthThrottleTest : public ::testing::Test {
 protected:
  AuthThrottleTest()
      : auth_({ApiToken{"floor", Role::manager, token_sha256_hex(kManager)}}),
        throttle_(
            {.max_failures = 3, .window = minutes(1), .lockout = minutes(5), .max_clients = 4},
            [this] { return now_; }) {
    router_.add(http::verb::get, "/healthz", Access::open(), [](const RequestContext&) {
      return json_response(http::status::ok, {{"status", "ok"}});
    });
    router_.add(http::verb::get, "/api/v1/stats", Access::any_token(), [](const RequestContext&) {
      return json_response(http::status::ok, {{"events_stored", 0}});
    });
  }

  Response get(std::string_view target, std::string_view token, std::string_view client) {
    Request req{http::verb::get, std::string(target), 11};
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + std::string(token));
    return router_.handle(req, auth_, throttle_, client);
  }
  http::status wrong(std::string_view client) {
    return get("/api/v1/stats", "not-the-token", client).result();
  }

  Clock::time_point now_{};
  Router router_;
  Authenticator auth_;
  AuthThrottle throttle_;
};

TEST_F(AuthThrottleTest, WrongTokensBelowTheLimitAreAnswered401) {
  EXPECT_EQ(wrong("192.0.2.1"), http::status::unauthorized);
  EXPECT_EQ(wrong("192.0.2.1"), http::status::unauthorized);
  EXPECT_FALSE(throttle_.retry_after("192.0.2.1"));
  EXPECT_EQ(throttle_.failures(), 2u);
  EXPECT_EQ(throttle_.throttled(), 0u);
}

TEST_F(AuthThrottleTest, TheLimitLocksTheAddressOutWith429RetryAfterAndJson) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(wrong("192.0.2.1"), http::status::unauthorized);
  const Response res = get("/api/v1/stats", "not-the-token", "192.0.2.1");
  EXPECT_EQ(res.result(), http::status::too_many_requests);
  EXPECT_EQ(res[http::field::retry_after], "300");
  const auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["error"], "too_many_failed_authentications");
  EXPECT_NE(body["message"].get<std::string>().find("300 s"), std::string::npos);
  EXPECT_EQ(throttle_.throttled(), 1u);
  EXPECT_EQ(throttle_.failures(), 3u);  // the throttled request was not checked, not counted
}

TEST_F(AuthThrottleTest, ALockedOutAddressIsRefusedEvenWithAValidToken) {
  for (int i = 0; i < 3; ++i) wrong("192.0.2.1");
  EXPECT_EQ(get("/api/v1/stats", kManager, "192.0.2.1").result(), http::status::too_many_requests);
}

TEST_F(AuthThrottleTest, OpenRoutesStillAnswerALockedOutAddress) {
  for (int i = 0; i < 3; ++i) wrong("192.0.2.1");
  EXPECT_EQ(get("/healthz", "", "192.0.2.1").result(), http::status::ok);
}

TEST_F(AuthThrottleTest, OtherAddressesAreNotAffected) {
  for (int i = 0; i < 3; ++i) wrong("192.0.2.1");
  EXPECT_EQ(get("/api/v1/stats", kManager, "192.0.2.2").result(), http::status::ok);
  EXPECT_EQ(wrong("192.0.2.2"), http::status::unauthorized);
}

TEST_F(AuthThrottleTest, TheLockOutEndsAndRetryAfterCountsDown) {
  for (int i = 0; i < 3; ++i) wrong("192.0.2.1");
  now_ += minutes(4) + seconds(30);
  EXPECT_EQ(get("/api/v1/stats", kManager, "192.0.2.1")[http::field::retry_after], "30");
  now_ += seconds(29) + std::chrono::milliseconds(500);
  EXPECT_EQ(throttle_.retry_after("192.0.2.1"), seconds(1));  // never "0"
  now_ += std::chrono::milliseconds(500);
  EXPECT_EQ(get("/api/v1/stats", kManager, "192.0.2.1").result(), http::status::ok);
  // A fresh allowance after the lock-out.
  EXPECT_EQ(wrong("192.0.2.1"), http::status::unauthorized);
  EXPECT_EQ(wrong("192.0.2.1"), http::status::unauthorized);
  EXPECT_FALSE(throttle_.retry_after("192.0.2.1"));
}

TEST_F(AuthThrottleTest, FailuresOlderThanTheWindowAreForgotten) {
  wrong("192.0.2.1");
  wrong("192.0.2.1");
  now_ += minutes(1);
  wrong("192.0.2.1");
  wrong("192.0.2.1");
  EXPECT_FALSE(throttle_.retry_after("192.0.2.1"));
  wrong("192.0.2.1");
  EXPECT_TRUE(throttle_.retry_after("192.0.2.1"));
}

TEST_F(AuthThrottleTest, SuccessfulAndMissingTokenRequestsAreNotCounted) {
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(get("/api/v1/stats", kManager, "192.0.2.1").result(), http::status::ok);
    EXPECT_EQ(get("/api/v1/stats", "", "192.0.2.1").result(), http::status::unauthorized);
  }
  EXPECT_EQ(throttle_.failures(), 0u);
  EXPECT_FALSE(throttle_.retry_after("192.0.2.1"));
}

TEST_F(AuthThrottleTest, AMalformedAuthorizationHeaderCountsAsAFailure) {
  Request req{http::verb::get, "/api/v1/stats", 11};
  req.set(http::field::authorization, "Basic dXNlcjpwYXNz");
  EXPECT_EQ(router_.handle(req, auth_, throttle_, "192.0.2.1").result(),
            http::status::unauthorized);
  EXPECT_EQ(throttle_.failures(), 1u);
}

TEST_F(AuthThrottleTest, TheAddressTableIsBoundedAndForgetsTheLeastRecentFirst) {
  for (int i = 0; i < 3; ++i) wrong("192.0.2.1");  // locked out
  for (int c = 2; c <= 4; ++c) wrong("192.0.2." + std::to_string(c));
  EXPECT_EQ(throttle_.tracked(), 4u);
  EXPECT_TRUE(throttle_.retry_after("192.0.2.1"));  // seen: now the most recent
  wrong("192.0.2.5");                               // evicts .2, the least recent
  EXPECT_EQ(throttle_.tracked(), 4u);
  EXPECT_TRUE(throttle_.retry_after("192.0.2.1"));
  wrong("192.0.2.2");
  wrong("192.0.2.2");
  EXPECT_FALSE(throttle_.retry_after("192.0.2.2"));  // its first failure was forgotten
  for (int c = 0; c < 1000; ++c)
    wrong("198.51.100." + std::to_string(c % 250) + "/" + std::to_string(c));
  EXPECT_EQ(throttle_.tracked(), 4u);
}

TEST_F(AuthThrottleTest, MetricsCountFailuresAndThrottledRequests) {
  for (int i = 0; i < 4; ++i) wrong("192.0.2.1");
  const std::string text = throttle_.prometheus_text();
  EXPECT_NE(text.find("# TYPE vigie_http_auth_failures_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("\nvigie_http_auth_failures_total 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nvigie_http_auth_throttled_total 1\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace vigie::api
