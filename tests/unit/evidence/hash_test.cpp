#include "evidence/hash.hpp"

#include <gtest/gtest.h>

#include <string>

namespace vigie::evidence {
namespace {

TEST(Sha256, KnownAnswers) {
  // FIPS 180-2 example "abc" and the empty string.
  EXPECT_EQ(to_hex(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // Embedded NUL bytes are hashed, not treated as terminators.
  EXPECT_NE(sha256(std::string("a\0b", 3)), sha256("a"));
}

TEST(Hex, RoundTripAndStrictness) {
  const Hash h = sha256("abc");
  const std::string hex = to_hex(h);
  ASSERT_EQ(hex.size(), 64u);
  EXPECT_EQ(hash_from_hex(hex), h);

  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(hash_from_hex(upper), h);

  EXPECT_FALSE(hash_from_hex(""));
  EXPECT_FALSE(hash_from_hex(hex.substr(0, 62)));
  EXPECT_FALSE(hash_from_hex(hex + "00"));
  EXPECT_FALSE(hash_from_hex(hex.substr(0, 63) + "g"));
  EXPECT_FALSE(hash_from_hex(" " + hex.substr(1)));
  EXPECT_FALSE(hash_from_hex(hex.substr(0, 32) + ":" + hex.substr(33)));
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), std::string(plain)) << encoded;
  }
}

TEST(Base64, EveryByteValueRoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    const std::string part = all.substr(0, n);
    EXPECT_EQ(base64_decode(base64_encode(part)), part);
  }
  EXPECT_EQ(base64_encode(std::string("\xfb\xff", 2)), "+/8=");  // standard alphabet
}

TEST(Base64, DecodeRefusesNonCanonicalInput) {
  const char* bad[] = {
      "Zg",        // missing padding
      "Zg=",       // short padding
      "Zg===",     // extra padding
      "Zh==",      // non-zero trailing bits
      "Zm9v\n",    // newline
      " Zm9v",     // whitespace
      "Zm9v====",  // padding group
      "Zm-v",      // URL-safe alphabet
      "Z=g=",      // padding in the middle
      "====",      // nothing but padding
      "Zm9",       // truncated group
      "Zm9v*A==",  // stray character
  };
  for (const char* text : bad) EXPECT_FALSE(base64_decode(text)) << '"' << text << '"';
}

}  // namespace
}  // namespace vigie::evidence
