#include "core/json_reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace vigie::fw {
namespace {

JsonReader reader(const std::string& s) {
  return JsonReader(s.data(), s.size());
}

bool skips(const std::string& s) {
  JsonReader r(s.data(), s.size());
  return r.skip_value() && r.finish();
}

TEST(JsonReader, WalksMembersAndElements) {
  std::string s = R"( {"a": 1, "b" : ["x", -2], "c":{"d":null}} )";
  JsonReader r = reader(s);
  ASSERT_TRUE(r.begin_object());
  ASSERT_TRUE(r.next_member());
  EXPECT_EQ(r.key(), "a");
  std::uint64_t a = 0;
  ASSERT_TRUE(r.read_u64(a));
  EXPECT_EQ(a, 1u);
  ASSERT_TRUE(r.next_member());
  EXPECT_EQ(r.key(), "b");
  ASSERT_TRUE(r.begin_array());
  ASSERT_TRUE(r.next_element());
  FixedString<8> x;
  ASSERT_TRUE(r.read_string(x));
  EXPECT_EQ(x.view(), "x");
  ASSERT_TRUE(r.next_element());
  std::int64_t b = 0;
  ASSERT_TRUE(r.read_i64(b));
  EXPECT_EQ(b, -2);
  EXPECT_FALSE(r.next_element());
  ASSERT_TRUE(r.next_member());
  EXPECT_EQ(r.key(), "c");
  ASSERT_TRUE(r.skip_value());
  EXPECT_FALSE(r.next_member());
  EXPECT_TRUE(r.finish()) << r.error();
}

TEST(JsonReader, UnescapesStringsIncludingSurrogatePairs) {
  std::string s = R"("a\"\\\/\b\f\n\r\t\u00e9\u20ac\ud83d\ude00")";
  JsonReader r = reader(s);
  FixedString<64> out;
  ASSERT_TRUE(r.read_string(out)) << r.error();
  EXPECT_EQ(out.view(), "a\"\\/\b\f\n\r\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(JsonReader, RefusesBrokenStrings) {
  for (std::string bad : {
           std::string("\"abc"),                 // unterminated
           std::string("\"a\x01z\""),            // raw control character
           std::string("\"\\x\""),               // unknown escape
           std::string("\"\\u12\""),             // short \u
           std::string("\"\\ud83d\""),           // lone high surrogate
           std::string("\"\\ude00\""),           // lone low surrogate
           std::string("\"\xc3\""),              // cut UTF-8 sequence
           std::string("\"\xc0\xaf\""),          // overlong encoding
           std::string("\"\xed\xa0\x80\""),      // encoded surrogate
           std::string("\"\xf4\x90\x80\x80\""),  // beyond U+10FFFF
           std::string("\"\xff\""),              // never valid in UTF-8
       }) {
    EXPECT_FALSE(skips(bad)) << bad;
  }
}

TEST(JsonReader, ReadStringFailsWhenTooLongButReadTextCuts) {
  std::string s = "\"h\xc3\xa9llo\"";
  {
    JsonReader r = reader(s);
    FixedString<3> out;
    EXPECT_FALSE(r.read_string(out));
    EXPECT_STREQ(r.error(), "string too long");
  }
  {
    JsonReader r = reader(s);
    FixedString<2> out;  // "h" fits, "é" (2 bytes) does not: cut before it
    ASSERT_TRUE(r.read_text(out));
    EXPECT_EQ(out.view(), "h");
    EXPECT_TRUE(r.finish());
  }
}

TEST(JsonReader, ReadsIntegersWithinRangeOnly) {
  std::uint64_t u = 0;
  std::int64_t i = 0;
  EXPECT_TRUE(reader("18446744073709551615").read_u64(u));
  EXPECT_EQ(u, 18446744073709551615u);
  EXPECT_FALSE(reader("18446744073709551616").read_u64(u));
  EXPECT_FALSE(reader("-1").read_u64(u));
  EXPECT_FALSE(reader("1.0").read_u64(u));
  EXPECT_FALSE(reader("1e3").read_u64(u));
  EXPECT_TRUE(reader("-9223372036854775808").read_i64(i));
  EXPECT_EQ(i, -9223372036854775807 - 1);
  EXPECT_FALSE(reader("9223372036854775808").read_i64(i));
  EXPECT_FALSE(reader("01").read_u64(u) && reader("01").finish());
}

TEST(JsonReader, ReadsDecimalsAsRoundedHundredths) {
  std::int64_t c = 0;
  auto centi = [&](const char* s) {
    EXPECT_TRUE(reader(s).read_centi(c)) << s;
    return c;
  };
  EXPECT_EQ(centi("65.25"), 6525);
  EXPECT_EQ(centi("65.2"), 6520);
  EXPECT_EQ(centi("65"), 6500);
  EXPECT_EQ(centi("0.005"), 1);
  EXPECT_EQ(centi("0.0049"), 0);
  EXPECT_EQ(centi("-1.5"), -150);
  EXPECT_FALSE(reader("1e2").read_centi(c));
  EXPECT_FALSE(reader("1.").read_centi(c));
  EXPECT_FALSE(reader("99999999999999999999").read_centi(c));
}

TEST(JsonReader, RefusesMalformedDocuments) {
  for (const char* bad :
       {"", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\":1 \"b\":2}",
        "tru", "nul", "+1", "{} x", "{'a':1}", "[", "-", "{\"a\":1}}"}) {
    EXPECT_FALSE(skips(bad)) << bad;
  }
  for (const char* good :
       {"{}", "[]", "true", "false", "null", "0", "-0.5e-3", "\"\"", "{\"a\":[{},[],\"\"]}"}) {
    EXPECT_TRUE(skips(good)) << good;
  }
}

TEST(JsonReader, RefusesNestingBeyondItsDepth) {
  std::string deep(JsonReader::kMaxDepth, '[');
  deep += std::string(JsonReader::kMaxDepth, ']');
  EXPECT_TRUE(skips(deep));
  std::string deeper(JsonReader::kMaxDepth + 1, '[');
  deeper += std::string(JsonReader::kMaxDepth + 1, ']');
  JsonReader r = reader(deeper);
  EXPECT_FALSE(r.skip_value());
  EXPECT_STREQ(r.error(), "nested too deep");
  std::string hostile(100000, '[');  // no recursion past the limit, no crash
  EXPECT_FALSE(skips(hostile));
}

TEST(JsonReader, ReportsWhereItFailed) {
  std::string s = R"({"a":1,"b":x})";
  JsonReader r = reader(s);
  EXPECT_FALSE(r.skip_value());
  EXPECT_EQ(r.error_offset(), 11u);
  EXPECT_STREQ(r.error(), "unexpected character");
}

TEST(JsonReader, CutsOverlongKeysSoTheyMatchNothing) {
  std::string s = "{\"" + std::string(100, 'k') + "\":1}";
  JsonReader r = reader(s);
  ASSERT_TRUE(r.begin_object());
  ASSERT_TRUE(r.next_member());
  EXPECT_EQ(r.key().size(), JsonReader::kKeyMax);
  EXPECT_TRUE(r.skip_value());
  EXPECT_FALSE(r.next_member());
  EXPECT_TRUE(r.finish());
}

}  // namespace
}  // namespace vigie::fw
