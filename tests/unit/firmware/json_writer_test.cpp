#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace vigie::fw {
namespace {

std::string text(const JsonWriter& w) {
  return std::string(w.data(), w.size());
}

TEST(JsonWriter, PlacesCommasBetweenMembersAndElements) {
  char buf[128];
  JsonWriter w(buf, sizeof buf);
  w.begin_object();
  w.key("a");
  w.u64(1);
  w.key("b");
  w.begin_array();
  w.string("x");
  w.begin_object();
  w.end_object();
  w.i64(-5);
  w.end_array();
  w.key("c");
  w.string("");
  w.end_object();
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(text(w), R"({"a":1,"b":["x",{},-5],"c":""})");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  char buf[128];
  JsonWriter w(buf, sizeof buf);
  w.string(std::string_view("a\"b\\c\n\t\x01\x1f/\xc3\xa9", 12));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(text(w), "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f/\xc3\xa9\"");
}

TEST(JsonWriter, PrintsIntegerExtremes) {
  char buf[128];
  JsonWriter w(buf, sizeof buf);
  w.begin_array();
  w.u64(18446744073709551615u);
  w.i64(-9223372036854775807 - 1);
  w.u64(0);
  w.end_array();
  EXPECT_EQ(text(w), "[18446744073709551615,-9223372036854775808,0]");
}

TEST(JsonWriter, PrintsHundredthsAsShortDecimals) {
  char buf[128];
  JsonWriter w(buf, sizeof buf);
  w.begin_array();
  for (std::int64_t v : {6525, 6520, 6500, 5, -5, -150, 0}) w.centi(v);
  w.end_array();
  EXPECT_EQ(text(w), "[65.25,65.2,65,0.05,-0.05,-1.5,0]");
}

TEST(JsonWriter, StopsAtTheBufferEndAndStaysFailed) {
  char buf[8];
  JsonWriter w(buf, sizeof buf);
  w.begin_object();
  w.key("long");
  w.string("value");
  EXPECT_FALSE(w.ok());
  EXPECT_LE(w.size(), sizeof buf);
  w.end_object();
  EXPECT_FALSE(w.ok());
}

TEST(JsonWriter, RewindsToAMarkWhenAnElementDoesNotFit) {
  char buf[16];
  JsonWriter w(buf, sizeof buf);
  w.reserve_tail(1);
  w.begin_array();
  w.string("abc");
  auto mark = w.mark();
  w.string("too long for it");
  EXPECT_FALSE(w.ok());
  w.rewind(mark);
  EXPECT_TRUE(w.ok());
  w.reserve_tail(0);
  w.end_array();
  EXPECT_EQ(text(w), R"(["abc"])");
}

}  // namespace
}  // namespace vigie::fw
