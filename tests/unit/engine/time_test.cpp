// TIME-01 (day), TIME-02 (week), TIME-03 (12-week average).
#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

TEST(Time01, DailyWorkAboveTenHoursAndItsNotice) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 07:00");
  h.work("a", t0);
  h.clock_to(t0 + 9 * kHour + 30 * kMin - 1);
  EXPECT_TRUE(h.steps("TIME-01").empty());
  h.clock_to(t0 + 10 * kHour);
  EXPECT_EQ(h.steps("TIME-01"), (std::vector<Step>{{S::due, t0 + 9 * kHour + 30 * kMin}}));
  h.clock_to(t0 + 10 * kHour + 1);
  EXPECT_EQ(h.steps("TIME-01").back(), (Step{S::firing, t0 + 10 * kHour + 1}));
  // Resolves when the work day closes: its shift over and its date past (midnight).
  h.off("a", t0 + 11 * kHour);
  const TimestampMs midnight = paris_time("2026-03-03 00:00");
  h.clock_to(midnight - 1);
  EXPECT_EQ(h.steps("TIME-01").back().state, S::firing);
  h.clock_to(midnight);
  EXPECT_EQ(h.steps("TIME-01").back(), (Step{S::resolved, midnight}));
}

TEST(Time01, ASplitShiftCountsToOneDayAndExactlyTenHoursIsNoBreach) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 06:00");
  h.work("a", t0);
  h.off("a", t0 + 5 * kHour);   // 11:00
  h.work("a", t0 + 9 * kHour);  // 15:00: a new shift, same date, same work day
  h.off("a", t0 + 14 * kHour);  // 20:00: exactly 10 h
  h.clock_to(paris_time("2026-03-03 06:00"));
  EXPECT_EQ(h.steps("TIME-01"), (std::vector<Step>{{S::due, t0 + 13 * kHour + 30 * kMin},
                                                   {S::resolved, paris_time("2026-03-03 00:00")}}));
  Harness g;
  g.work("a", t0);
  g.off("a", t0 + 5 * kHour);
  g.work("a", t0 + 9 * kHour);
  g.clock_to(t0 + 14 * kHour + 1);
  EXPECT_EQ(g.steps("TIME-01").back(), (Step{S::firing, t0 + 14 * kHour + 1}));
}

TEST(Time01, ANightShiftCountsToTheDateItStarts) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 20:00");
  h.work("a", t0);
  h.clock_to(t0 + 10 * kHour + 1);  // 06:00:00.001 on 03-03
  EXPECT_EQ(h.steps("TIME-01").back(), (Step{S::firing, t0 + 10 * kHour + 1}));
  EXPECT_EQ(h.of("TIME-01").back().alert.started_at, t0);
  // Its day closes when the shift ends (3 h after the last work), midnight being past.
  h.off("a", t0 + 11 * kHour);
  h.clock_to(t0 + 14 * kHour);
  EXPECT_EQ(h.steps("TIME-01").back(), (Step{S::resolved, t0 + 14 * kHour}));
}

TEST(Time01, TheFallBackDayHas25HoursButTenHoursAreTenHours) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-10-25 00:00");  // CEST
  h.work("a", t0);
  h.clock_to(t0 + 10 * kHour + 1);
  EXPECT_EQ(h.steps("TIME-01").back(), (Step{S::firing, t0 + 10 * kHour + 1}));
  // That is 09:00 on the local clock, not 10:00.
  EXPECT_EQ(t0 + 10 * kHour, paris_time("2026-10-25 09:00"));
  h.off("a", t0 + 11 * kHour);
  const TimestampMs midnight = paris_time("2026-10-26 00:00");
  EXPECT_EQ(midnight - t0, 25 * kHour);
  h.clock_to(midnight);
  EXPECT_EQ(h.steps("TIME-01").back(), (Step{S::resolved, midnight}));
}

// Works 08:00-12:00 and 13:00-17:00 on the given date.
void eight_hours(Harness& h, const std::string& agent, const std::string& date) {
  h.work(agent, paris_time(date + " 08:00"));
  h.state(agent, paris_time(date + " 12:00"), AgentState::not_ready, NotReadyReason::lunch);
  h.work(agent, paris_time(date + " 13:00"));
  h.off(agent, paris_time(date + " 17:00"));
}

TEST(Time02, WeeklyWorkAboveFortyEightHours) {
  Harness h;
  for (auto d : {"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"})
    eight_hours(h, "a", d);
  const TimestampMs sat = paris_time("2026-03-07 08:00");
  h.work("a", sat);
  h.clock_to(sat + 6 * kHour - 1);
  EXPECT_TRUE(h.steps("TIME-02").empty());
  h.clock_to(sat + 8 * kHour);
  EXPECT_EQ(h.steps("TIME-02"), (std::vector<Step>{{S::due, sat + 6 * kHour}}));
  h.clock_to(sat + 8 * kHour + 1);
  EXPECT_EQ(h.steps("TIME-02").back(), (Step{S::firing, sat + 8 * kHour + 1}));
  EXPECT_EQ(h.of("TIME-02").back().alert.started_at, paris_time("2026-03-02 00:00"));
  h.off("a", sat + 9 * kHour);
  const TimestampMs monday = paris_time("2026-03-09 00:00");
  h.clock_to(monday - 1);
  EXPECT_EQ(h.steps("TIME-02").back().state, S::firing);
  h.clock_to(monday);
  EXPECT_EQ(h.steps("TIME-02").back(), (Step{S::resolved, monday}));
}

TEST(Time02, ASundayNightShiftBelongsToItsWeek) {
  Harness h;
  for (auto d : {"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"})
    eight_hours(h, "a", d);
  const TimestampMs sun = paris_time("2026-03-08 22:00");
  h.work("a", sun);
  // 40 h + 8 h reached Monday 06:00: still the week of Sunday.
  h.clock_to(sun + 8 * kHour + 1);
  EXPECT_EQ(h.steps("TIME-02").back(), (Step{S::firing, sun + 8 * kHour + 1}));
}

TEST(Time03, TwelveWeeksAveragingAboveFortyFourHours) {
  Harness h;
  const CivilDate first{2026, 1, 5};  // a Monday
  // 45 h a week: five days of 9 h (08:00-12:00, 13:00-18:00).
  auto week = [&](int w, int hours_a_day) {
    for (int d = 0; d < 5; ++d) {
      const CivilDate day = add_days(first, 7 * w + d);
      const TimestampMs morning = paris().to_utc(day, 8 * kHour);
      h.work("a", morning);
      h.state("a", morning + 4 * kHour, AgentState::not_ready, NotReadyReason::lunch);
      h.work("a", morning + 5 * kHour);
      h.off("a", morning + (hours_a_day + 1) * kHour);
    }
  };
  for (int w = 0; w < 11; ++w) week(w, 9);
  const TimestampMs end11 = paris().start_of_day(add_days(first, 77));
  h.clock_to(end11);
  EXPECT_TRUE(h.steps("TIME-03").empty());  // 11 weeks of history only
  week(11, 9);
  const TimestampMs end12 = paris().start_of_day(add_days(first, 84));
  h.clock_to(end12 - 1);
  EXPECT_TRUE(h.steps("TIME-03").empty());
  h.clock_to(end12);
  EXPECT_EQ(h.steps("TIME-03"), (std::vector<Step>{{S::firing, end12}}));
  EXPECT_DOUBLE_EQ(*h.of("TIME-03").back().alert.value, 45.0 * 60);
  EXPECT_EQ(h.of("TIME-03").back().alert.started_at, paris().start_of_day(first));
  // A light week brings the average back to 44 h or less at its end.
  week(12, 0);
  const TimestampMs end13 = paris().start_of_day(add_days(first, 91));
  h.clock_to(end13);
  EXPECT_EQ(h.steps("TIME-03").back(), (Step{S::resolved, end13}));
}

}  // namespace
}  // namespace vigie::engine::testing
