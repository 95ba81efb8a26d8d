#include "api/token_hash.hpp"

#include <gtest/gtest.h>

namespace vigie::api {
namespace {

TEST(TokenHash, HexMatchesTheSha256TestVector) {
  // FIPS 180-2 example: SHA-256("abc").
  EXPECT_EQ(token_sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TokenHash, ParsedHexEqualsTheHash) {
  const auto parsed = parse_sha256_hex(token_sha256_hex("a token"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, token_sha256("a token"));
}

TEST(TokenHash, UppercaseHexIsAccepted) {
  EXPECT_EQ(parse_sha256_hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"),
            token_sha256("abc"));
}

TEST(TokenHash, WrongLengthOrNonHexIsRefused) {
  EXPECT_FALSE(parse_sha256_hex("").has_value());
  EXPECT_FALSE(parse_sha256_hex("ba7816bf").has_value());
  EXPECT_FALSE(parse_sha256_hex("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                   .has_value());
  EXPECT_FALSE(parse_sha256_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a ")
                   .has_value());
}

}  // namespace
}  // namespace vigie::api
