#include "api/auth.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/token_hash.hpp"

namespace vigie::api {
namespace {

const std::vector<ApiToken> kTokens = {
    {"manager-1", Role::manager, token_sha256_hex("manager-secret")},
    {"auditor-1", Role::auditor, token_sha256_hex("auditor-secret")},
    {"admin-1", Role::admin, token_sha256_hex("admin-secret")},
    {"cse-1", Role::cse, token_sha256_hex("cse-secret")},
};

Request with_authorization(std::string value) {
  Request req{http::verb::get, "/api/v1/stats", 11};
  req.set(http::field::authorization, value);
  return req;
}

nlohmann::json body_of(const Response& res) {
  return nlohmann::json::parse(res.body());
}

void expect_unauthorized(const AccessDecision& d) {
  ASSERT_FALSE(d.allowed());
  EXPECT_EQ(d.denial->result(), http::status::unauthorized);
  EXPECT_EQ(to_std((*d.denial)[http::field::www_authenticate]).rfind("Bearer", 0), 0u);
  EXPECT_EQ((*d.denial)[http::field::content_type], "application/json");
  EXPECT_EQ(body_of(*d.denial)["error"], "unauthorized");
  EXPECT_FALSE(body_of(*d.denial)["message"].get<std::string>().empty());
}

TEST(Auth, OpenRouteNeedsNoToken) {
  const Authenticator auth(kTokens);
  const AccessDecision d = auth.check(Request{http::verb::get, "/healthz", 11}, Access::open());
  EXPECT_TRUE(d.allowed());
  EXPECT_FALSE(d.principal.has_value());
}

TEST(Auth, OpenOrTokenRouteIsNeverDenied) {
  const Authenticator auth(kTokens);
  const Access access = Access::open_or_token();
  Request none{http::verb::get, "/healthz", 11};
  const AccessDecision anonymous = auth.check(none, access);
  EXPECT_TRUE(anonymous.allowed());
  EXPECT_FALSE(anonymous.principal.has_value());
  EXPECT_FALSE(anonymous.credential_rejected) << "no token is not a guess";
  for (const char* header : {"Bearer wrong-token", "Bearer", "Basic abc"}) {
    Request wrong{http::verb::get, "/healthz", 11};
    wrong.set(http::field::authorization, header);
    const AccessDecision d = auth.check(wrong, access);
    EXPECT_TRUE(d.allowed()) << header;
    EXPECT_FALSE(d.principal.has_value()) << header;
    EXPECT_TRUE(d.credential_rejected) << header << ": counted by the throttle";
  }
}

TEST(Auth, OpenOrTokenRouteIdentifiesAValidToken) {
  const Authenticator auth(kTokens);
  Request req{http::verb::get, "/healthz", 11};
  req.set(http::field::authorization, "Bearer auditor-secret");
  const AccessDecision d = auth.check(req, Access::open_or_token());
  EXPECT_TRUE(d.allowed());
  ASSERT_TRUE(d.principal.has_value());
  EXPECT_EQ(d.principal->role, Role::auditor);
}

TEST(Auth, MissingHeaderIs401WithBearerChallenge) {
  const Authenticator auth(kTokens);
  const AccessDecision d =
      auth.check(Request{http::verb::get, "/api/v1/stats", 11}, Access::any_token());
  expect_unauthorized(d);
  EXPECT_NE(body_of(*d.denial)["message"].get<std::string>().find("missing"), std::string::npos);
}

TEST(Auth, WrongSchemeIs401) {
  const Authenticator auth(kTokens);
  expect_unauthorized(
      auth.check(with_authorization("Basic bWFuYWdlcjpwdw=="), Access::any_token()));
}

TEST(Auth, BearerWithoutTokenIs401) {
  const Authenticator auth(kTokens);
  expect_unauthorized(auth.check(with_authorization("Bearer "), Access::any_token()));
  expect_unauthorized(auth.check(with_authorization("Bearer"), Access::any_token()));
}

TEST(Auth, TokenInQueryStringIsIgnored) {
  const Authenticator auth(kTokens);
  const Request req{http::verb::get, "/api/v1/stats?access_token=manager-secret", 11};
  expect_unauthorized(auth.check(req, Access::any_token()));
}

TEST(Auth, WrongTokenIs401) {
  const Authenticator auth(kTokens);
  const AccessDecision d = auth.check(with_authorization("Bearer guess"), Access::any_token());
  expect_unauthorized(d);
  EXPECT_NE(to_std((*d.denial)[http::field::www_authenticate]).find("invalid_token"),
            std::string::npos);
}

TEST(Auth, TwoAuthorizationHeadersAre401) {
  const Authenticator auth(kTokens);
  Request req = with_authorization("Bearer manager-secret");
  req.insert(http::field::authorization, "Bearer admin-secret");
  expect_unauthorized(auth.check(req, Access::any_token()));
}

TEST(Auth, RightTokenWrongRoleIs403) {
  const Authenticator auth(kTokens);
  const AccessDecision d =
      auth.check(with_authorization("Bearer auditor-secret"), Access::role(Role::manager));
  ASSERT_FALSE(d.allowed());
  EXPECT_EQ(d.denial->result(), http::status::forbidden);
  EXPECT_EQ((*d.denial)[http::field::content_type], "application/json");
  const auto body = body_of(*d.denial);
  EXPECT_EQ(body["error"], "forbidden");
  EXPECT_NE(body["message"].get<std::string>().find("manager role"), std::string::npos);
  // The message names the token's holder, never the token.
  EXPECT_EQ(d.denial->body().find("auditor-secret"), std::string::npos);
}

TEST(Auth, RightRolePasses) {
  const Authenticator auth(kTokens);
  const AccessDecision d =
      auth.check(with_authorization("Bearer manager-secret"), Access::role(Role::manager));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.principal->name, "manager-1");
  EXPECT_EQ(d.principal->role, Role::manager);
}

TEST(Auth, AdminPassesEveryRole) {
  const Authenticator auth(kTokens);
  for (const Access access : {Access::any_token(), Access::role(Role::manager),
                              Access::role(Role::auditor), Access::role(Role::admin)}) {
    const AccessDecision d = auth.check(with_authorization("Bearer admin-secret"), access);
    EXPECT_TRUE(d.allowed()) << access.describe();
  }
}

TEST(Auth, AdminRouteRefusesManager) {
  const Authenticator auth(kTokens);
  const AccessDecision d =
      auth.check(with_authorization("Bearer manager-secret"), Access::role(Role::admin));
  ASSERT_FALSE(d.allowed());
  EXPECT_EQ(d.denial->result(), http::status::forbidden);
}

TEST(Auth, AnyTokenRouteAcceptsEveryRole) {
  const Authenticator auth(kTokens);
  for (const char* token : {"manager-secret", "auditor-secret", "admin-secret"}) {
    EXPECT_TRUE(auth.check(with_authorization(std::string("Bearer ") + token), Access::any_token())
                    .allowed())
        << token;
  }
}

// The staff representatives: any-token routes and their own; never what shows agents.
TEST(Auth, CseIsRefusedWhatShowsAgentsAndOnlyThat) {
  const Authenticator auth(kTokens);
  const auto as_cse = [&](const Access& access) {
    return auth.check(with_authorization("Bearer cse-secret"), access);
  };
  EXPECT_TRUE(as_cse(Access::any_token()).allowed());
  EXPECT_TRUE(as_cse(Access::role(Role::cse)).allowed());
  for (const Access access : {Access::agent_level(), Access::role(Role::manager),
                              Access::role(Role::auditor), Access::role(Role::admin)}) {
    const AccessDecision d = as_cse(access);
    ASSERT_FALSE(d.allowed()) << access.describe();
    EXPECT_EQ(d.denial->result(), http::status::forbidden);
    EXPECT_NE(body_of(*d.denial)["message"].get<std::string>().find("has the cse role"),
              std::string::npos)
        << body_of(*d.denial).dump();
  }
  for (const char* token : {"manager-secret", "auditor-secret", "admin-secret"})
    EXPECT_TRUE(auth.check(with_authorization(std::string("Bearer ") + token),
                           Access::agent_level())
                    .allowed())
        << token;
  EXPECT_TRUE(auth.check(with_authorization("Bearer admin-secret"), Access::role(Role::cse))
                  .allowed());
  EXPECT_FALSE(auth.check(with_authorization("Bearer manager-secret"), Access::role(Role::cse))
                   .allowed());
  EXPECT_EQ(Access::role(Role::cse).describe(), "the cse role");
}

TEST(Auth, SchemeIsCaseInsensitive) {
  const Authenticator auth(kTokens);
  EXPECT_TRUE(
      auth.check(with_authorization("bearer manager-secret"), Access::any_token()).allowed());
}

TEST(Auth, NoTokensConfiguredIs401SayingSo) {
  const Authenticator auth({});
  EXPECT_FALSE(auth.has_tokens());
  const AccessDecision d =
      auth.check(with_authorization("Bearer manager-secret"), Access::any_token());
  expect_unauthorized(d);
  EXPECT_NE(body_of(*d.denial)["message"].get<std::string>().find("no API tokens"),
            std::string::npos);
}

TEST(Auth, MalformedConfiguredHashThrowsNamingTheToken) {
  try {
    const Authenticator auth({{"broken-1", Role::manager, "not-hex"}});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("broken-1"), std::string::npos);
  }
}

// The comparison walks every configured hash with sodium_memcmp: a hash one byte away from
// the right one must fail, and a match in the last entry must still be found.
TEST(AuthConstantTime, HashDifferingOnlyInLastByteIsRejected) {
  TokenHash near = token_sha256("the-token");
  near.back() ^= 0x01;
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : near) {
    hex += digits[b >> 4];
    hex += digits[b & 0xf];
  }
  const Authenticator auth({{"near", Role::admin, hex}});
  EXPECT_FALSE(auth.identify("the-token").has_value());
}

TEST(AuthConstantTime, MatchInTheLastEntryIsFound) {
  std::vector<ApiToken> tokens;
  for (int i = 0; i < 50; ++i) {
    tokens.push_back(
        {"t" + std::to_string(i), Role::manager, token_sha256_hex("token-" + std::to_string(i))});
  }
  tokens.push_back({"last", Role::auditor, token_sha256_hex("the-last-one")});
  const Authenticator auth(tokens);
  const auto who = auth.identify("the-last-one");
  ASSERT_TRUE(who.has_value());
  EXPECT_EQ(who->name, "last");
  EXPECT_EQ(who->role, Role::auditor);
  EXPECT_EQ(auth.identify("token-0")->name, "t0");
}

TEST(BearerToken, ParsesTheTokenAndRefusesOtherShapes) {
  EXPECT_EQ(bearer_token("Bearer abc.DEF-123_~+/=="), "abc.DEF-123_~+/==");
  EXPECT_EQ(bearer_token("Bearer   abc  "), "abc");
  EXPECT_FALSE(bearer_token("Bearerabc").has_value());
  EXPECT_FALSE(bearer_token("Bearer a b").has_value());
  EXPECT_FALSE(bearer_token("Bearer =abc").has_value());
  EXPECT_FALSE(bearer_token("Token abc").has_value());
}

}  // namespace
}  // namespace vigie::api
