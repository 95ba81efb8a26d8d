#include "referentiel/param.hpp"

#include <gtest/gtest.h>

namespace vigie::referentiel {
namespace {

TEST(Duration, ParsesUnitsAndCombinations) {
  EXPECT_EQ(parse_duration("20min"), 20 * 60000);
  EXPECT_EQ(parse_duration("360min"), 6 * 3600000);
  EXPECT_EQ(parse_duration("1h30min"), 90 * 60000);
  EXPECT_EQ(parse_duration("30s"), 30000);
  EXPECT_EQ(parse_duration("500ms"), 500);
  EXPECT_EQ(parse_duration("7d"), 7 * 86400000LL);
  EXPECT_EQ(parse_duration("2w"), 14 * 86400000LL);
  EXPECT_EQ(parse_duration(" 11h "), 11 * 3600000);
}

TEST(Duration, RefusesBareNumbersAndUnknownUnits) {
  EXPECT_FALSE(parse_duration("360"));
  EXPECT_FALSE(parse_duration("6 h"));
  EXPECT_FALSE(parse_duration("6hours"));
  EXPECT_FALSE(parse_duration("-5min"));
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("min"));
  EXPECT_FALSE(parse_duration("99999999999999999999d"));
}

TEST(Duration, FormatsShortestExactly) {
  EXPECT_EQ(format_duration(20 * 60000), "20min");
  EXPECT_EQ(format_duration(90 * 60000), "1h30min");
  EXPECT_EQ(format_duration(7 * 86400000LL), "7d");
  EXPECT_EQ(format_duration(30000), "30s");
  EXPECT_EQ(format_duration(0), "0s");
  for (std::int64_t ms : {1LL, 999LL, 61001LL, 3600000LL * 13, 86400000LL + 1})
    EXPECT_EQ(parse_duration(format_duration(ms)), ms);
}

TEST(TimeOfDay, ParsesClockTimes) {
  EXPECT_EQ(parse_time_of_day("11:00"), 11 * 3600000);
  EXPECT_EQ(parse_time_of_day("15:00:30"), 15 * 3600000 + 30000);
  EXPECT_EQ(parse_time_of_day("24:00"), 24 * 3600000);
  EXPECT_FALSE(parse_time_of_day("25:00"));
  EXPECT_FALSE(parse_time_of_day("11h"));
  EXPECT_FALSE(parse_time_of_day("11:60"));
  EXPECT_EQ(format_time_of_day(11 * 3600000), "11:00");
}

TEST(Param, ScalarsAndListsAreTyped) {
  std::string why;
  EXPECT_EQ(parse_scalar_param(ParamType::percent, "85%", "", why)->number, 85);
  EXPECT_FALSE(parse_scalar_param(ParamType::percent, "120", "", why));
  EXPECT_FALSE(parse_scalar_param(ParamType::integer, "0", "", why));
  EXPECT_FALSE(parse_scalar_param(ParamType::number, "loud", "", why));
  EXPECT_EQ(parse_scalar_param(ParamType::choice, "week", "day week", why)->word, "week");
  EXPECT_FALSE(parse_scalar_param(ParamType::choice, "month", "day week", why));
  EXPECT_NE(why.find("day week"), std::string::npos);
  EXPECT_TRUE(parse_list_param(ParamType::states, {"talking", "hold"}, "", why));
  EXPECT_FALSE(parse_list_param(ParamType::states, {"talking", "dancing"}, "", why));
  EXPECT_FALSE(parse_list_param(ParamType::tags, {"abusive", "abusive"}, "", why));
  EXPECT_FALSE(parse_list_param(ParamType::duration, {"1h"}, "", why));
}

}  // namespace
}  // namespace vigie::referentiel
