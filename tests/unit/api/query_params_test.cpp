#include "api/query_params.hpp"

#include <gtest/gtest.h>

namespace vigie::api {
namespace {

TEST(QueryParams, DecodesPercentAndPlus) {
  const auto p = parse_query("a=x%2Fy&b=one+two", {"a", "b"});
  ASSERT_TRUE(p.value.has_value()) << p.error;
  EXPECT_EQ(p.value->at("a"), "x/y");
  EXPECT_EQ(p.value->at("b"), "one two");
}

TEST(QueryParams, EmptyValueAndEmptyPairsAreSkipped) {
  const auto p = parse_query("&a=&&b", {"a", "b"});
  ASSERT_TRUE(p.value.has_value()) << p.error;
  EXPECT_TRUE(p.value->empty());
}

TEST(QueryParams, EncodedKeyIsCheckedAfterDecoding) {
  EXPECT_TRUE(parse_query("%61=1", {"a"}).value.has_value());
  EXPECT_FALSE(parse_query("%62=1", {"a"}).value.has_value());
}

TEST(QueryParams, UnknownKeyMessageListsTheAcceptedOnes) {
  const auto p = parse_query("x=1", {"from", "to"});
  ASSERT_FALSE(p.value.has_value());
  EXPECT_EQ(p.error, "an unknown query parameter; this endpoint accepts from, to");
}

TEST(QueryParams, NothingOfTheQueryIsEchoed) {
  const auto p = parse_query("a%0Ab%3Cscript%3E=1", {"a"});
  ASSERT_FALSE(p.value.has_value());
  EXPECT_EQ(p.error.find('\n'), std::string::npos);
  EXPECT_EQ(p.error.find("script"), std::string::npos) << p.error;
}

TEST(EpochMs, AcceptsPlainNonNegativeIntegers) {
  EXPECT_EQ(parse_epoch_ms("since", "0").value, 0);
  EXPECT_EQ(parse_epoch_ms("since", "1764489600123").value, 1764489600123);
  EXPECT_FALSE(parse_epoch_ms("since", "").value.has_value());
  EXPECT_FALSE(parse_epoch_ms("since", "+5").value.has_value());
  EXPECT_FALSE(parse_epoch_ms("since", "5 ").value.has_value());
  EXPECT_FALSE(parse_epoch_ms("since", "0x10").value.has_value());
}

TEST(EpochMs, TheRefusalNamesTheParameterNotTheValue) {
  const auto p = parse_epoch_ms("since", "<img src=x>");
  EXPECT_EQ(p.error,
            "'since' must be a time in milliseconds since the Unix epoch (a non-negative integer)");
}

TEST(Id, FollowsTheContract) {
  EXPECT_TRUE(is_valid_id("BRK-01"));
  EXPECT_TRUE(is_valid_id("a.b_c-9"));
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("a b"));
  EXPECT_FALSE(is_valid_id(std::string(65, 'a')));
  EXPECT_TRUE(is_valid_id(std::string(64, 'a')));
}

}  // namespace
}  // namespace vigie::api
