#include "api/router.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "api/json_response.hpp"
#include "api/token_hash.hpp"

namespace vigie::api {
namespace {

Handler says(std::string text) {
  return [text](const RequestContext&) {
    return json_response(http::status::ok, {{"handler", text}});
  };
}

Request get(std::string target) {
  return Request{http::verb::get, target, 11};
}

TEST(Router, LiteralPathMatches) {
  Router router;
  router.add(http::verb::get, "/healthz", Access::open(), says("health"));
  const RouteMatch m = router.match(http::verb::get, "/healthz");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::found);
  EXPECT_EQ(m.route->pattern, "/healthz");
  EXPECT_TRUE(m.params.empty());
}

TEST(Router, ParamSegmentCapturesItsValue) {
  Router router;
  router.add(http::verb::post, "/api/v1/alerts/{id}/ack", Access::open(), says("ack"));
  const RouteMatch m = router.match(http::verb::post, "/api/v1/alerts/a-42.x/ack");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::found);
  EXPECT_EQ(m.params.at("id"), "a-42.x");
}

TEST(Router, EmptySegmentDoesNotFillAParam) {
  Router router;
  router.add(http::verb::post, "/api/v1/alerts/{id}/ack", Access::open(), says("ack"));
  EXPECT_EQ(router.match(http::verb::post, "/api/v1/alerts//ack").outcome,
            RouteMatch::Outcome::not_found);
}

TEST(Router, UnknownPathIsNotFound) {
  Router router;
  router.add(http::verb::get, "/healthz", Access::open(), says("health"));
  EXPECT_EQ(router.match(http::verb::get, "/nope").outcome, RouteMatch::Outcome::not_found);
  EXPECT_EQ(router.match(http::verb::get, "/healthz/extra").outcome,
            RouteMatch::Outcome::not_found);
}

TEST(Router, TrailingSlashDoesNotMatch) {
  Router router;
  router.add(http::verb::get, "/healthz", Access::open(), says("health"));
  EXPECT_EQ(router.match(http::verb::get, "/healthz/").outcome, RouteMatch::Outcome::not_found);
}

TEST(Router, WrongMethodListsTheAllowedOnes) {
  Router router;
  router.add(http::verb::get, "/api/v1/alerts/{id}", Access::open(), says("get"));
  router.add(http::verb::delete_, "/api/v1/alerts/{id}", Access::open(), says("delete"));
  const RouteMatch m = router.match(http::verb::put, "/api/v1/alerts/7");
  EXPECT_EQ(m.outcome, RouteMatch::Outcome::method_not_allowed);
  EXPECT_EQ(m.allow, "GET, DELETE");
}

TEST(Router, LiteralSegmentBeatsParam) {
  Router router;
  router.add(http::verb::get, "/api/v1/alerts/{id}", Access::open(), says("one"));
  router.add(http::verb::get, "/api/v1/alerts/active", Access::open(), says("active"));
  EXPECT_EQ(router.match(http::verb::get, "/api/v1/alerts/active").route->pattern,
            "/api/v1/alerts/active");
  EXPECT_EQ(router.match(http::verb::get, "/api/v1/alerts/x1").route->pattern,
            "/api/v1/alerts/{id}");
}

TEST(Router, EquivalentRouteTwiceThrows) {
  Router router;
  router.add(http::verb::get, "/a/{x}", Access::open(), says("a"));
  EXPECT_THROW(router.add(http::verb::get, "/a/{y}", Access::open(), says("b")),
               std::invalid_argument);
  EXPECT_NO_THROW(router.add(http::verb::post, "/a/{y}", Access::open(), says("c")));
}

TEST(Router, MalformedPatternThrows) {
  Router router;
  EXPECT_THROW(router.add(http::verb::get, "healthz", Access::open(), says("x")),
               std::invalid_argument);
  EXPECT_THROW(router.add(http::verb::get, "/a/{}", Access::open(), says("x")),
               std::invalid_argument);
  EXPECT_THROW(router.add(http::verb::get, "/a/x{id}", Access::open(), says("x")),
               std::invalid_argument);
  EXPECT_THROW(router.add(http::verb::get, "/a/{id}/{id}", Access::open(), says("x")),
               std::invalid_argument);
}

TEST(RouterHandle, UnknownPathAnswers404Json) {
  Router router;
  const Authenticator auth({});
  const Response res = router.handle(get("/nope?x=1"), auth);
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  const auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["error"], "not_found");
  EXPECT_EQ(body["message"], "no such endpoint");
}

// A page or a log viewer that shows the body must not render what the caller wrote.
TEST(RouterHandle, NotFoundEchoesNothingOfTheRequest) {
  Router router;
  const Authenticator auth({});
  const Response res = router.handle(get("/%3Cscript%3Ealert(1)%3C/script%3E<b>x?q=<i>zz"), auth);
  EXPECT_EQ(res.result(), http::status::not_found);
  for (const char* echoed : {"script", "<b>", "%3C", "zz", "alert"})
    EXPECT_EQ(res.body().find(echoed), std::string::npos) << echoed << " in " << res.body();
}

TEST(RouterHandle, MethodNotAllowedEchoesNeitherPathNorMethod) {
  Router router;
  router.add(http::verb::get, "/a/{id}", Access::open(), says("a"));
  const Authenticator auth({});
  Request req{http::verb::get, "/a/<b>x", 11};
  req.method_string("FROB<i>");
  const Response res = router.handle(req, auth);
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(nlohmann::json::parse(res.body())["message"], "this endpoint accepts only GET");
  for (const char* echoed : {"FROB", "<i>", "<b>", "/a/"})
    EXPECT_EQ(res.body().find(echoed), std::string::npos) << echoed << " in " << res.body();
}

TEST(RouterHandle, WrongMethodAnswers405JsonWithAllowHeader) {
  Router router;
  router.add(http::verb::get, "/healthz", Access::open(), says("health"));
  const Authenticator auth({});
  const Response res = router.handle(Request{http::verb::post, "/healthz", 11}, auth);
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "GET");
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(nlohmann::json::parse(res.body())["error"], "method_not_allowed");
}

TEST(RouterHandle, QueryStringIsNotPartOfThePathButReachesTheHandler) {
  Router router;
  std::string seen_query;
  router.add(http::verb::get, "/api/v1/alerts/{id}", Access::open(),
             [&](const RequestContext& ctx) {
               seen_query = ctx.query;
               return json_response(http::status::ok, {{"id", ctx.params.at("id")}});
             });
  const Authenticator auth({});
  const Response res = router.handle(get("/api/v1/alerts/a1?state=all"), auth);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(nlohmann::json::parse(res.body())["id"], "a1");
  EXPECT_EQ(seen_query, "state=all");
}

TEST(RouterHandle, DeniedRequestNeverReachesTheHandler) {
  Router router;
  bool called = false;
  router.add(http::verb::get, "/api/v1/stats", Access::any_token(), [&](const RequestContext&) {
    called = true;
    return json_response(http::status::ok, {});
  });
  const Authenticator auth({{"m", Role::manager, token_sha256_hex("secret")}});
  EXPECT_EQ(router.handle(get("/api/v1/stats"), auth).result(), http::status::unauthorized);
  EXPECT_FALSE(called);
}

TEST(RouterHandle, HandlerSeesThePrincipal) {
  Router router;
  std::string who;
  router.add(http::verb::get, "/api/v1/stats", Access::any_token(), [&](const RequestContext& ctx) {
    who = ctx.principal ? ctx.principal->name : "";
    return json_response(http::status::ok, {});
  });
  const Authenticator auth({{"auditor-1", Role::auditor, token_sha256_hex("s3cret")}});
  Request req = get("/api/v1/stats");
  req.set(http::field::authorization, "Bearer s3cret");
  EXPECT_EQ(router.handle(req, auth).result(), http::status::ok);
  EXPECT_EQ(who, "auditor-1");
}

}  // namespace
}  // namespace vigie::api
