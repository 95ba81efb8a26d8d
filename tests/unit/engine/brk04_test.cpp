// BRK-04: a lunch break of at least 45 min inside 11:00-15:00 (local).
#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

TEST(Brk04, FiresAtFifteenHundredWithoutALunchAndNoticesAt1415) {
  Harness h;
  h.work("a", paris_time("2026-03-02 08:00"));
  h.clock_to(paris_time("2026-03-02 14:14:59.999"));
  EXPECT_TRUE(h.steps("BRK-04").empty());
  h.clock_to(paris_time("2026-03-02 14:59:59.999"));
  EXPECT_EQ(h.steps("BRK-04"), (std::vector<Step>{{S::due, paris_time("2026-03-02 14:15")}}));
  EXPECT_EQ(h.of("BRK-04").back().alert.due_at, paris_time("2026-03-02 15:00"));
  h.clock_to(paris_time("2026-03-02 15:00"));
  EXPECT_EQ(h.steps("BRK-04").back(), (Step{S::firing, paris_time("2026-03-02 15:00")}));
  h.off("a", paris_time("2026-03-02 17:00"));
  h.clock_to(paris_time("2026-03-03 00:00"));
  EXPECT_EQ(h.steps("BRK-04").back(), (Step{S::resolved, paris_time("2026-03-03 00:00")}));
}

TEST(Brk04, ALunchOfFortyFiveMinutesInsideTheWindowSatisfies) {
  Harness h;
  h.work("a", paris_time("2026-03-02 08:00"));
  h.state("a", paris_time("2026-03-02 12:00"), AgentState::not_ready, NotReadyReason::lunch);
  h.work("a", paris_time("2026-03-02 12:45"));
  h.clock_to(paris_time("2026-03-02 16:00"));
  EXPECT_TRUE(h.steps("BRK-04").empty());
}

TEST(Brk04, OnlyTheOverlapWithTheWindowCounts) {
  Harness h;
  h.work("a", paris_time("2026-03-02 08:00"));
  h.state("a", paris_time("2026-03-02 10:30"), AgentState::not_ready, NotReadyReason::lunch);
  h.work("a", paris_time("2026-03-02 11:44:59.999"));  // 44:59.999 inside the window
  h.clock_to(paris_time("2026-03-02 15:00"));
  EXPECT_TRUE(h.fired("BRK-04"));
  EXPECT_DOUBLE_EQ(*h.of("BRK-04").back().alert.value, 45.0 - 1.0 / 60000);
}

TEST(Brk04, AnInterruptionEndingExactlyAtFifteenHundredQualifies) {
  Harness h;
  h.work("a", paris_time("2026-03-02 08:00"));
  h.state("a", paris_time("2026-03-02 14:15"), AgentState::not_ready, NotReadyReason::lunch);
  h.work("a", paris_time("2026-03-02 15:00"));
  h.clock_to(paris_time("2026-03-02 16:00"));
  EXPECT_EQ(h.steps("BRK-04"), (std::vector<Step>{{S::due, paris_time("2026-03-02 14:15")},
                                                  {S::resolved, paris_time("2026-03-02 15:00")}}));
}

TEST(Brk04, InABreakAtFifteenHundredItFiresOnReturnToWork) {
  Harness h;
  h.work("a", paris_time("2026-03-02 08:00"));
  h.pause("a", paris_time("2026-03-02 14:30"));
  h.clock_to(paris_time("2026-03-02 15:04"));
  EXPECT_FALSE(h.fired("BRK-04"));
  h.work("a", paris_time("2026-03-02 15:05"));
  EXPECT_EQ(h.steps("BRK-04").back(), (Step{S::firing, paris_time("2026-03-02 15:05")}));
}

TEST(Brk04, GoneHomeBeforeFifteenHundredIsNoBreach) {
  Harness h;
  h.work("a", paris_time("2026-03-02 08:00"));
  h.off("a", paris_time("2026-03-02 14:30"));
  h.clock_to(paris_time("2026-03-02 23:00"));
  EXPECT_FALSE(h.fired("BRK-04"));
}

TEST(Brk04, NotApplicableWhenTheDayStartsAtElevenOrLater) {
  Harness h;
  h.work("a", paris_time("2026-03-02 11:00"));
  h.clock_to(paris_time("2026-03-02 16:00"));
  EXPECT_TRUE(h.steps("BRK-04").empty());
}

TEST(Brk04, TheWindowIsReadOnTheLocalClockOnADstDay) {
  Harness h;
  h.work("a", paris_time("2026-03-29 08:00"));
  const TimestampMs three_pm = paris_time("2026-03-29 15:00");
  EXPECT_EQ(three_pm, 1774789200000);  // 13:00Z: CEST
  h.clock_to(three_pm - 1);
  EXPECT_FALSE(h.fired("BRK-04"));
  h.clock_to(three_pm);
  EXPECT_EQ(h.steps("BRK-04").back(), (Step{S::firing, three_pm}));
}

}  // namespace
}  // namespace vigie::engine::testing
