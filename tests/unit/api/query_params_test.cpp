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

namespace vigie::api {
namespace {

// A site one hour east of UTC all year, enough to tell the site's clock from UTC.
const SiteLocalToUtc kPlusOne = [](int y, int m, int d, std::int64_t ms) {
  const auto utc = parse_time_param("t", std::to_string(y) + "-" + (m < 10 ? "0" : "") +
                                             std::to_string(m) + "-" + (d < 10 ? "0" : "") +
                                             std::to_string(d));
  return *utc.value + ms - 3600000;
};

TEST(TimeParam, EpochMillisecondsStillWork) {
  EXPECT_EQ(*parse_time_param("from", "1796630400000").value, 1796630400000);
}

TEST(TimeParam, DateIsMidnightOnTheSiteClock) {
  EXPECT_EQ(*parse_time_param("from", "2026-12-07").value, 1796601600000);  // UTC midnight
  EXPECT_EQ(*parse_time_param("from", "2026-12-07", kPlusOne).value, 1796601600000 - 3600000);
  EXPECT_EQ(*parse_time_param("from", "2024-02-29").value, 1709164800000);
}

TEST(TimeParam, DateTimeOnTheSiteClockOrAtAnOffset) {
  EXPECT_EQ(*parse_time_param("from", "2026-12-07T08:30", kPlusOne).value,
            1796601600000 + 7 * 3600000 + 30 * 60000);
  EXPECT_EQ(*parse_time_param("from", "2026-12-07T08:30:15Z", kPlusOne).value,
            1796601600000 + 8 * 3600000 + 30 * 60000 + 15000);
  EXPECT_EQ(*parse_time_param("from", "2026-12-07T08:30+01:00").value,
            1796601600000 + 7 * 3600000 + 30 * 60000);
  EXPECT_EQ(*parse_time_param("from", "2026-12-07T08:30-02:30").value,
            1796601600000 + 11 * 3600000);
}

TEST(TimeParam, BadInputSaysWhichFormsAreAccepted) {
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "2025-02-29", "2026-12-7", "07/12/2026",
                          "2026-12-07T24:00", "2026-12-07T08:60", "2026-12-07T08:30+1",
                          "2026-12-07T08:30:15.5", "-5", "12e3", "2026-12-07x", "1969-12-31"}) {
    const auto p = parse_time_param("from", bad);
    EXPECT_FALSE(p.value.has_value()) << bad;
    EXPECT_NE(p.error.find("'from' must be a date (2026-12-07)"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace vigie::api
