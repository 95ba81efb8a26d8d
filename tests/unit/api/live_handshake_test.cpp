#include "api/live_handshake.hpp"

#include <gtest/gtest.h>

#include "api/token_hash.hpp"

namespace vigie::api {
namespace {

const Authenticator kAuth({{"auditor-1", Role::auditor, token_sha256_hex("aud-token")},
                           {"manager-1", Role::manager, token_sha256_hex("man-token")}});

Request upgrade() {
  return Request{http::verb::get, "/api/v1/live", 11};
}

TEST(SubprotocolBearer, ParsesThePair) {
  EXPECT_EQ(subprotocol_bearer("bearer, abc"), "abc");
  EXPECT_EQ(subprotocol_bearer("Bearer,abc"), "abc");
  EXPECT_EQ(subprotocol_bearer(" bearer ,  abc "), "abc");
  EXPECT_FALSE(subprotocol_bearer("bearer").has_value());
  EXPECT_FALSE(subprotocol_bearer("bearer, ").has_value());
  EXPECT_FALSE(subprotocol_bearer("abc, bearer").has_value());
  EXPECT_FALSE(subprotocol_bearer("bearer, a, b").has_value());
  EXPECT_FALSE(subprotocol_bearer("chat").has_value());
}

TEST(LiveAccess, TokenFromSubprotocol) {
  Request req = upgrade();
  req.set(http::field::sec_websocket_protocol, "bearer, aud-token");
  const LiveAccess a = check_live_access(req, kAuth);
  ASSERT_TRUE(a.decision.allowed());
  EXPECT_EQ(a.decision.principal->name, "auditor-1");
  EXPECT_TRUE(a.echo_bearer);
}

TEST(LiveAccess, TokenFromAuthorization) {
  Request req = upgrade();
  req.set(http::field::authorization, "Bearer man-token");
  const LiveAccess a = check_live_access(req, kAuth);
  ASSERT_TRUE(a.decision.allowed());
  EXPECT_EQ(a.decision.principal->name, "manager-1");
  EXPECT_FALSE(a.echo_bearer);
}

TEST(LiveAccess, AuthorizationWinsOverSubprotocol) {
  Request req = upgrade();
  req.set(http::field::authorization, "Bearer man-token");
  req.set(http::field::sec_websocket_protocol, "bearer, aud-token");
  const LiveAccess a = check_live_access(req, kAuth);
  ASSERT_TRUE(a.decision.allowed());
  EXPECT_EQ(a.decision.principal->name, "manager-1");
  EXPECT_TRUE(a.echo_bearer);
}

TEST(LiveAccess, NoTokenIs401) {
  const LiveAccess a = check_live_access(upgrade(), kAuth);
  ASSERT_FALSE(a.decision.allowed());
  EXPECT_EQ(a.decision.denial->result(), http::status::unauthorized);
}

TEST(LiveAccess, WrongSubprotocolTokenIs401) {
  Request req = upgrade();
  req.set(http::field::sec_websocket_protocol, "bearer, guess");
  const LiveAccess a = check_live_access(req, kAuth);
  ASSERT_FALSE(a.decision.allowed());
  EXPECT_EQ(a.decision.denial->result(), http::status::unauthorized);
}

TEST(LiveAccess, TokenInQueryStringIsIgnored) {
  Request req{http::verb::get, "/api/v1/live?access_token=man-token", 11};
  EXPECT_FALSE(check_live_access(req, kAuth).decision.allowed());
}

}  // namespace
}  // namespace vigie::api
