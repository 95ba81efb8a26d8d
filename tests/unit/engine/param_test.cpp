#include "referentiel/param.hpp"

#include <gtest/gtest.h>

namespace vigie::referentiel {
namespace {

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
