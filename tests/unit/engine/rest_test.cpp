// REST-01 (11 h in 24 h), REST-02 (35 h in 7 days), REST-03 (13 h amplitude).
#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

TEST(Rest01, NeedsTwentyFourHoursOfHistory) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.off("a", t0 + 12 * kHour);   // 20:00
  h.work("a", t0 + 21 * kHour);  // 05:00: only 9 h of rest, but 21 h of history
  h.clock_to(t0 + 24 * kHour - 1);
  EXPECT_TRUE(h.steps("REST-01").empty());
  h.clock_to(t0 + 24 * kHour);
  EXPECT_EQ(h.steps("REST-01"), (std::vector<Step>{{S::firing, t0 + 24 * kHour}}));
  EXPECT_DOUBLE_EQ(*h.of("REST-01").back().alert.value, 9.0 * 60);
}

TEST(Rest01, FiresWhenWorkResumesAfterAShortRest) {
  Harness h;
  h.off("a", paris_time("2026-02-27 08:00"));  // history from here
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.off("a", paris_time("2026-03-02 20:00"));
  const TimestampMs back = paris_time("2026-03-03 06:59:59.999");
  h.work("a", back);  // 10:59:59.999 of rest
  EXPECT_EQ(h.steps("REST-01"), (std::vector<Step>{{S::firing, back}}));
  // Resolves once a rest of 11 h has been given.
  const TimestampMs stop = paris_time("2026-03-03 17:00");
  h.off("a", stop);
  h.clock_to(stop + 11 * kHour - 1);
  EXPECT_EQ(h.steps("REST-01").back().state, S::firing);
  h.clock_to(stop + 11 * kHour);
  EXPECT_EQ(h.steps("REST-01").back(), (Step{S::resolved, stop + 11 * kHour}));
}

TEST(Rest01, ExactlyElevenHoursIsEnoughUntilTheWindowSlidesPastIt) {
  Harness h;
  h.off("a", paris_time("2026-02-27 08:00"));
  h.work("a", paris_time("2026-03-02 08:00"));
  h.off("a", paris_time("2026-03-02 20:00"));
  const TimestampMs back = paris_time("2026-03-03 07:00");
  h.work("a", back);
  EXPECT_TRUE(h.steps("REST-01").empty());
  // 13 h later only 11 h of that rest remain inside the last 24 h; then less.
  h.clock_to(back + 13 * kHour);
  EXPECT_TRUE(h.steps("REST-01").empty());
  h.clock_to(back + 13 * kHour + 1);
  EXPECT_EQ(h.steps("REST-01"), (std::vector<Step>{{S::firing, back + 13 * kHour + 1}}));
}

TEST(Rest02, ThirtyFiveHoursInSevenDays) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  // Every day 08:00-20:00 with 12 h rests: no 35 h rest in 7 days.
  for (int d = 0; d < 8; ++d) {
    h.work("a", t0 + d * kDay);
    h.off("a", t0 + d * kDay + 12 * kHour);
  }
  EXPECT_EQ(h.steps("REST-02"), (std::vector<Step>{{S::firing, t0 + 7 * kDay}}));
  Harness g;
  for (int d = 0; d < 5; ++d) {
    g.work("a", t0 + d * kDay);
    g.off("a", t0 + d * kDay + 12 * kHour);
  }
  // Off from Friday 20:00 to Sunday 07:00: 35 h exactly.
  g.work("a", t0 + 4 * kDay + 12 * kHour + 35 * kHour);
  g.clock_to(t0 + 7 * kDay + 2 * kHour);
  EXPECT_TRUE(g.steps("REST-02").empty());
}

TEST(Rest02, FiresOnTheClockOnceSevenDaysAreKnownAndResolvesAfterThirtyFiveHoursOff) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  for (int d = 0; d < 7; ++d) {
    h.work("a", t0 + d * kDay);
    h.off("a", t0 + d * kDay + 12 * kHour);
  }
  h.work("a", t0 + 7 * kDay - kHour);  // day 7 starts at 07:00
  h.clock_to(t0 + 7 * kDay - 1);
  EXPECT_TRUE(h.steps("REST-02").empty());
  h.clock_to(t0 + 7 * kDay);
  EXPECT_EQ(h.steps("REST-02"), (std::vector<Step>{{S::firing, t0 + 7 * kDay}}));
  EXPECT_DOUBLE_EQ(*h.of("REST-02").back().alert.value, 12.0 * 60);  // the longest rest inside
  const TimestampMs stop = t0 + 7 * kDay + 10 * kHour;
  h.off("a", stop);
  h.clock_to(stop + 35 * kHour - 1);
  EXPECT_EQ(h.steps("REST-02").back().state, S::firing);
  h.clock_to(stop + 35 * kHour);
  EXPECT_EQ(h.steps("REST-02").back(), (Step{S::resolved, stop + 35 * kHour}));
}

TEST(Rest03, AmplitudeAboveThirteenHoursWhileWorking) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 07:00");
  h.work("a", t0);
  h.pause("a", t0 + 4 * kHour);
  h.work("a", t0 + 5 * kHour);
  h.clock_to(t0 + 12 * kHour + 30 * kMin - 1);
  EXPECT_TRUE(h.steps("REST-03").empty());
  h.clock_to(t0 + 13 * kHour);
  EXPECT_EQ(h.steps("REST-03"), (std::vector<Step>{{S::due, t0 + 12 * kHour + 30 * kMin}}));
  h.clock_to(t0 + 13 * kHour + 1);
  EXPECT_EQ(h.steps("REST-03").back(), (Step{S::firing, t0 + 13 * kHour + 1}));
  EXPECT_EQ(h.of("REST-03").back().alert.due_at, t0 + 13 * kHour);
  h.off("a", t0 + 14 * kHour);
  h.clock_to(paris_time("2026-03-03 00:00"));
  EXPECT_EQ(h.steps("REST-03").back(), (Step{S::resolved, paris_time("2026-03-03 00:00")}));
}

TEST(Rest03, NotWorkingAtTheLimitFiresOnReturn) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 07:00");
  h.work("a", t0);
  h.pause("a", t0 + 12 * kHour + 50 * kMin);
  h.clock_to(t0 + 13 * kHour + 5 * kMin);
  EXPECT_FALSE(h.fired("REST-03"));
  h.work("a", t0 + 13 * kHour + 10 * kMin);
  EXPECT_EQ(h.steps("REST-03").back(), (Step{S::firing, t0 + 13 * kHour + 10 * kMin}));
}

}  // namespace
}  // namespace vigie::engine::testing
