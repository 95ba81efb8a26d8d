#include "evidence/canonical_json.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

namespace vigie::evidence {
namespace {

using nlohmann::json;
using namespace std::string_literals;

std::string refusal(const json& value) {
  try {
    canonical_json(value);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted " << value.dump();
  return {};
}

TEST(CanonicalJson, KeysSortedNoWhitespace) {
  EXPECT_EQ(canonical_json(json::parse(R"({ "b" : 1, "a" : [ 3, 2, 1 ], "c": null })")),
            R"({"a":[3,2,1],"b":1,"c":null})");
  // Byte order: uppercase before lowercase, a prefix before its extensions, and
  // non-ASCII (UTF-8 lead bytes >= 0xC2) after all ASCII.
  EXPECT_EQ(canonical_json(json::parse(R"({"é":1,"z":2,"aa":3,"a":4,"B":5,"_":6})")),
            "{\"B\":5,\"_\":6,\"a\":4,\"aa\":3,\"z\":2,\"\xC3\xA9\":1}");
}

TEST(CanonicalJson, NestedValues) {
  const json doc = json::parse(R"({
    "z": {"y": {"b": true, "a": false}, "x": []},
    "a": [{"d": 1, "c": 2}, "s", -7, 18446744073709551615, -9223372036854775808],
    "m": {}
  })");
  EXPECT_EQ(canonical_json(doc),
            R"({"a":[{"c":2,"d":1},"s",-7,18446744073709551615,-9223372036854775808],)"
            R"("m":{},"z":{"x":[],"y":{"a":false,"b":true}}})");
}

TEST(CanonicalJson, SameDocumentSameBytes) {
  const json one = json::parse(R"({"a":1,"b":{"c":[1,2],"d":"e"}})");
  json two;
  two["b"]["d"] = "e";
  two["b"]["c"] = {1, 2};
  two["a"] = 1;
  EXPECT_EQ(canonical_json(one), canonical_json(two));
}

TEST(CanonicalJson, FloatsAreRefusedNamingThePath) {
  EXPECT_NE(refusal(json::parse(R"({"a":{"b":[1,2.5]}})")).find("\"/a/b/1\""), std::string::npos);
  EXPECT_NE(refusal(json::parse(R"({"x":1.0})")).find("\"/x\""), std::string::npos);
  EXPECT_NE(refusal(json::parse(R"({"a/b":{"c~d":0.5}})")).find("\"/a~1b/c~0d\""),
            std::string::npos);
  EXPECT_NE(refusal(json(0.25)).find("\"\""), std::string::npos);
  // Integers beyond uint64 are parsed as floating numbers, hence refused too.
  EXPECT_NE(refusal(json::parse(R"({"big":18446744073709551616})")).find("/big"),
            std::string::npos);
  EXPECT_NE(refusal(json::parse(R"({"small":-9223372036854775809})")).find("/small"),
            std::string::npos);
}

TEST(CanonicalJson, StringsKeepUnicodeAndEscapeControls) {
  json doc;
  doc["name"] = "Zo\xC3\xAB \xE2\x80\x94 \xF0\x9F\x93\x9E";  // Zoë — 📞
  doc["ctl"] = "tab\tnl\nnul\0 ctl\x01 quote\" backslash\\"s;
  EXPECT_EQ(canonical_json(doc),
            "{\"ctl\":\"tab\\tnl\\nnul\\u0000 ctl\\u0001 quote\\\" backslash\\\\\","
            "\"name\":\"Zo\xC3\xAB \xE2\x80\x94 \xF0\x9F\x93\x9E\"}");
  EXPECT_EQ(canonical_json(json::parse(R"("\u00e9")")), "\"\xC3\xA9\"");
}

TEST(CanonicalJson, InvalidUtf8IsRefused) {
  json doc;
  doc["k"] = "\xC3\x28";
  EXPECT_NE(refusal(doc).find("/k"), std::string::npos);
  json key;
  key["\xFF"] = 1;
  EXPECT_THROW(canonical_json(key), std::invalid_argument);
}

TEST(CanonicalJson, Scalars) {
  EXPECT_EQ(canonical_json(json(nullptr)), "null");
  EXPECT_EQ(canonical_json(json(true)), "true");
  EXPECT_EQ(canonical_json(json(std::numeric_limits<std::int64_t>::min())), "-9223372036854775808");
  EXPECT_EQ(canonical_json(json(std::numeric_limits<std::uint64_t>::max())),
            "18446744073709551615");
  EXPECT_EQ(canonical_json(json::array()), "[]");
  EXPECT_EQ(canonical_json(json::object()), "{}");
}

}  // namespace
}  // namespace vigie::evidence
