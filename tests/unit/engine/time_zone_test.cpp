#include "engine/time_zone.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace vigie::engine {
namespace {

constexpr TimestampMs kHour = 3600 * 1000;

std::string read_zone_file(const std::string& name) {
  std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CivilDate, RoundTripsDaysAroundTheEpochAndLeapYears) {
  for (std::int64_t d = -800000; d <= 800000; d += 997) {
    EXPECT_EQ(days_from_date(date_from_days(d)), d);
  }
  EXPECT_EQ(days_from_date(CivilDate{1970, 1, 1}), 0);
  EXPECT_EQ(days_from_date(CivilDate{2000, 3, 1}), 11017);
  EXPECT_EQ(date_from_days(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(date_from_days(days_from_date(CivilDate{2024, 2, 29})), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(days_in_month(2100, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
}

TEST(CivilDate, WeeksRunMondayToSunday) {
  EXPECT_EQ(weekday(CivilDate{1970, 1, 1}), 3);   // Thursday
  EXPECT_EQ(weekday(CivilDate{2026, 3, 29}), 6);  // Sunday
  EXPECT_EQ(monday_of(CivilDate{2026, 3, 29}), (CivilDate{2026, 3, 23}));
  EXPECT_EQ(monday_of(CivilDate{2026, 3, 30}), (CivilDate{2026, 3, 30}));
  EXPECT_EQ(to_string(CivilDate{2026, 3, 9}), "2026-03-09");
}

TEST(TimeZone, ParisSpringForwardDayLasts23Hours) {
  auto z = TimeZone::load("Europe/Paris");
  TimestampMs start = z.start_of_day(CivilDate{2026, 3, 29});
  TimestampMs next = z.start_of_day(CivilDate{2026, 3, 30});
  EXPECT_EQ(next - start, 23 * kHour);
  EXPECT_EQ(start, 1774738800000);  // 2026-03-28T23:00:00Z
  EXPECT_EQ(z.offset_at(start), 3600);
  EXPECT_EQ(z.offset_at(next), 7200);
}

TEST(TimeZone, ParisFallBackDayLasts25Hours) {
  auto z = TimeZone::load("Europe/Paris");
  TimestampMs start = z.start_of_day(CivilDate{2026, 10, 25});
  TimestampMs next = z.start_of_day(CivilDate{2026, 10, 26});
  EXPECT_EQ(next - start, 25 * kHour);
  EXPECT_EQ(start, 1792879200000);  // 2026-10-24T22:00:00Z
}

TEST(TimeZone, LocalTimesAroundTheTransitions) {
  auto z = TimeZone::load("Europe/Paris");
  // 2026-03-29T01:00:00Z: 02:00 CET becomes 03:00 CEST.
  const TimestampMs jump = 1774746000000;
  EXPECT_EQ(z.to_local(jump - 1).ms_of_day, 2 * kHour - 1);
  EXPECT_EQ(z.to_local(jump).ms_of_day, 3 * kHour);
  // A skipped local time moves forward by the gap; 03:00 is the jump itself.
  EXPECT_EQ(z.to_utc(CivilDate{2026, 3, 29}, 2 * kHour + 30 * 60000), jump + 30 * 60000);
  EXPECT_EQ(z.to_utc(CivilDate{2026, 3, 29}, 3 * kHour), jump);
  // A repeated local time is its first reading (CEST): 02:30 CEST = 00:30Z.
  EXPECT_EQ(z.to_utc(CivilDate{2026, 10, 25}, 2 * kHour + 30 * 60000), 1792888200000);
  EXPECT_EQ(z.to_utc(CivilDate{2026, 10, 25}, 15 * kHour), 1792936800000);  // 14:00Z
  EXPECT_EQ(z.date_of(1792879200000 - 1), (CivilDate{2026, 10, 24}));
  EXPECT_EQ(z.date_of(1792879200000), (CivilDate{2026, 10, 25}));
}

TEST(TimeZone, FooterRuleGivesOffsetsPastTheTable) {
  auto z = TimeZone::load("Europe/Paris");
  // 2050: beyond any fat table (2037); the POSIX footer decides.
  EXPECT_EQ(z.start_of_day(CivilDate{2050, 3, 28}) - z.start_of_day(CivilDate{2050, 3, 27}),
            23 * kHour);
  EXPECT_EQ(z.offset_at(z.to_utc(CivilDate{2050, 7, 1}, 12 * kHour)), 7200);
  EXPECT_EQ(z.offset_at(z.to_utc(CivilDate{2050, 12, 1}, 12 * kHour)), 3600);
}

TEST(PosixTzRule, AgreesWithTheTableOverTwentyYears) {
  auto rule = PosixTzRule::parse("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(rule);
  auto z = TimeZone::load("Europe/Paris");
  for (std::int64_t t = 1104537600; t < 1735689600; t += 3 * 3600 + 17)  // 2005..2025
    ASSERT_EQ(rule->offset_at(t), z.offset_at(t * 1000)) << t;
}

TEST(PosixTzRule, ReadsOtherForms) {
  EXPECT_EQ(PosixTzRule::parse("UTC0")->offset_at(0), 0);
  EXPECT_EQ(PosixTzRule::parse("<+0330>-3:30")->offset_at(0), 3 * 3600 + 1800);
  // Southern hemisphere: DST across the new year.
  auto syd = PosixTzRule::parse("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(syd);
  EXPECT_EQ(syd->offset_at(1767225600), 11 * 3600);  // 2026-01-01: summer
  EXPECT_EQ(syd->offset_at(1782864000), 10 * 3600);  // 2026-07-01: winter
  EXPECT_FALSE(PosixTzRule::parse("CET-1CEST,M13.5.0,M10.5.0"));
  EXPECT_FALSE(PosixTzRule::parse("X"));
}

TEST(TimeZone, OtherZonesAndUtc) {
  auto ny = TimeZone::load("America/New_York");
  EXPECT_EQ(ny.start_of_day(CivilDate{2026, 3, 9}) - ny.start_of_day(CivilDate{2026, 3, 8}),
            23 * kHour);
  auto utc = TimeZone::utc();
  EXPECT_EQ(utc.start_of_day(CivilDate{2026, 1, 1}), 1767225600000);
  EXPECT_EQ(utc.offset_at(0), 0);
}

TEST(TimeZone, RefusesBadNamesAndFiles) {
  EXPECT_THROW(TimeZone::load("../../etc/passwd"), TimeZoneError);
  EXPECT_THROW(TimeZone::load("/etc/passwd"), TimeZoneError);
  EXPECT_THROW(TimeZone::load("Europe/Atlantis"), TimeZoneError);
  EXPECT_THROW(TimeZone::from_tzif("not a tzif file at all, clearly not", "x"), TimeZoneError);
  std::string paris = read_zone_file("Europe/Paris");
  ASSERT_GT(paris.size(), 100u);
  EXPECT_THROW(TimeZone::from_tzif(paris.substr(0, 60), "cut"), TimeZoneError);
  EXPECT_NO_THROW(TimeZone::from_tzif(paris, "Europe/Paris"));
}

}  // namespace
}  // namespace vigie::engine
