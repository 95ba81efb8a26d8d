// work_run: BRK-02 (3 h sequence), BRK-03 (pause quota), BRK-06 (screen work), LOAD-02.
#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

TEST(Brk02, DueFifteenMinutesBeforeFiresPastThreeHoursResolvesAtTenMinuteBreak) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.clock_to(t0 + 2 * kHour + 45 * kMin - 1);
  EXPECT_TRUE(h.steps("BRK-02").empty());
  h.clock_to(t0 + 3 * kHour);
  EXPECT_EQ(h.steps("BRK-02"), (std::vector<Step>{{S::due, t0 + 2 * kHour + 45 * kMin}}));
  h.clock_to(t0 + 3 * kHour + 1);
  EXPECT_EQ(h.steps("BRK-02").back(), (Step{S::firing, t0 + 3 * kHour + 1}));
  h.pause("a", t0 + 3 * kHour + 30 * kMin);
  h.clock_to(t0 + 3 * kHour + 40 * kMin - 1);
  EXPECT_EQ(h.steps("BRK-02").back().state, S::firing);
  h.clock_to(t0 + 3 * kHour + 40 * kMin);
  EXPECT_EQ(h.steps("BRK-02").back(), (Step{S::resolved, t0 + 3 * kHour + 40 * kMin}));
  EXPECT_EQ(h.of("BRK-02").back().alert.started_at, t0);
  EXPECT_DOUBLE_EQ(*h.of("BRK-02").back().alert.value, 210.0);
}

TEST(Brk02, ARunOfExactlyTheLimitDoesNotExceedIt) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.pause("a", t0 + 3 * kHour);
  h.clock_to(t0 + 4 * kHour);
  EXPECT_EQ(h.steps("BRK-02"), (std::vector<Step>{{S::due, t0 + 2 * kHour + 45 * kMin},
                                                  {S::resolved, t0 + 3 * kHour + 10 * kMin}}));
}

TEST(Brk02, BreaksShorterThanTenMinutesAreJoinedOverAndNotCounted) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.pause("a", t0 + kHour);
  h.off("a", t0 + kHour + 5 * kMin);  // pause then off: one interruption
  h.work("a", t0 + kHour + 10 * kMin - 1);
  const TimestampMs limit = t0 + 3 * kHour + 10 * kMin - 1;
  h.clock_to(limit);
  EXPECT_FALSE(h.fired("BRK-02"));
  h.clock_to(limit + 1);
  EXPECT_EQ(h.steps("BRK-02").back(), (Step{S::firing, limit + 1}));
  EXPECT_EQ(h.of("BRK-02").back().alert.started_at, t0);
}

TEST(Brk03, TenMinutesPerTwoHoursByDefault) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.clock_to(t0 + 2 * kHour);
  EXPECT_EQ(h.steps("BRK-03"), (std::vector<Step>{{S::due, t0 + 105 * kMin}}));
  h.clock_to(t0 + 2 * kHour + 1);
  EXPECT_EQ(h.steps("BRK-03").back(), (Step{S::firing, t0 + 2 * kHour + 1}));
  h.pause("a", t0 + 2 * kHour + 5 * kMin);
  h.clock_to(t0 + 2 * kHour + 15 * kMin);
  EXPECT_EQ(h.steps("BRK-03").back(), (Step{S::resolved, t0 + 2 * kHour + 15 * kMin}));
}

TEST(Brk03, FifteenMinutesPerThreeHoursUnderThe3h15Profile) {
  Harness h("idcc2098-3h15");
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.pause("a", t0 + kHour);
  h.work("a", t0 + kHour + 10 * kMin);  // 10 min does not reset a 15-min quota
  const TimestampMs limit = t0 + 3 * kHour + 10 * kMin;
  h.clock_to(limit);
  EXPECT_FALSE(h.fired("BRK-03"));
  h.clock_to(limit + 1);
  EXPECT_EQ(h.steps("BRK-03").back(), (Step{S::firing, limit + 1}));
  EXPECT_DOUBLE_EQ(*h.of("BRK-03").back().alert.threshold, 180.0);
}

TEST(Brk06, OnlyInGoodPracticeAndBrokenByOtherStatesOfFiveMinutes) {
  {
    Harness h;
    h.work("a", paris_time("2026-03-02 08:00"));
    h.clock_to(paris_time("2026-03-02 12:00"));
    EXPECT_TRUE(h.steps("BRK-06").empty());
  }
  Harness h("good-practice");
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.state("a", t0, AgentState::talking);
  // Back office is work, but not screen-and-phone: 4:59.999 of it joins the run...
  h.state("a", t0 + 30 * kMin, AgentState::not_ready, NotReadyReason::back_office);
  h.state("a", t0 + 35 * kMin - 1, AgentState::available);
  const TimestampMs limit = t0 + 95 * kMin - 1;
  h.clock_to(limit);
  EXPECT_FALSE(h.fired("BRK-06"));
  h.clock_to(limit + 1);
  EXPECT_EQ(h.steps("BRK-06"), (std::vector<Step>{{S::firing, limit + 1}}));  // no due notice
  // ... and 5 minutes of it end the run.
  h.state("a", t0 + 2 * kHour, AgentState::not_ready, NotReadyReason::meeting);
  h.clock_to(t0 + 2 * kHour + 5 * kMin);
  EXPECT_EQ(h.steps("BRK-06").back(), (Step{S::resolved, t0 + 2 * kHour + 5 * kMin}));
}

TEST(Load02, CallsChainedWithLessThanThirtySecondsBetween) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  TimestampMs t = t0;
  // Calls of 4 min + 1 min wrap-up, with 29.999 s available between them.
  for (int i = 0; i < 8; ++i) {
    h.state("a", t, AgentState::talking);
    h.state("a", t + 4 * kMin, AgentState::wrap_up);
    h.state("a", t + 5 * kMin, AgentState::available);
    t += 5 * kMin + 30 * kSec - 1;
  }
  h.state("a", t, AgentState::talking);
  // 8 chained calls = 40 min of handling; the run exceeds 45 min 5 min into the 9th.
  h.clock_to(t + 5 * kMin);
  EXPECT_FALSE(h.fired("LOAD-02"));
  h.clock_to(t + 5 * kMin + 1);
  EXPECT_EQ(h.steps("LOAD-02"), (std::vector<Step>{{S::firing, t + 5 * kMin + 1}}));
  t += 5 * kMin;
  h.state("a", t + 2 * kMin, AgentState::available);
  h.clock_to(t + 2 * kMin + 30 * kSec);
  EXPECT_EQ(h.steps("LOAD-02").back(), (Step{S::resolved, t + 2 * kMin + 30 * kSec}));
}

}  // namespace
}  // namespace vigie::engine::testing
