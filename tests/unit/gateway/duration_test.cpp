// The one duration grammar of the configuration and the référentiel (domain/duration.hpp).
#include "domain/duration.hpp"

#include <gtest/gtest.h>

namespace vigie {
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

TEST(Duration, ReadsMAsMinutesAsConfigurationsOnceWroteThem) {
  EXPECT_EQ(parse_duration("15m"), parse_duration("15min"));
  EXPECT_EQ(parse_duration("1h5m"), 65 * 60000);
  EXPECT_EQ(parse_duration("2m30s"), 150000);
  EXPECT_EQ(parse_duration("1m500ms"), 60500);  // "ms" is read before "m"
}

TEST(Duration, RefusesBareNumbersSignsSpacesAndUnknownUnits) {
  for (const char* bad : {"360", "6 h", "6hours", "-5min", "-5m", "", "min", "m", "5 m", "1.5h",
                          "99999999999999999999d", "99999999999999999d"})
    EXPECT_FALSE(parse_duration(bad)) << bad;
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

}  // namespace
}  // namespace vigie
