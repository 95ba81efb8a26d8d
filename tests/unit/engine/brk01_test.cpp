// BRK-01: a pause of at least 20 consecutive minutes once daily work reaches 6 h.
#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

TEST(Brk01, DueThirtyMinutesBeforeAndFiresOneMillisecondPastSixHours) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-02 08:00");
  h.work("4012", start);
  h.clock_to(start + 5 * kHour + 30 * kMin - 1);
  EXPECT_TRUE(h.steps("BRK-01").empty());
  h.clock_to(start + 5 * kHour + 30 * kMin);
  EXPECT_EQ(h.steps("BRK-01"), (std::vector<Step>{{S::due, start + 5 * kHour + 30 * kMin}}));
  // Exactly 6 h of work does not exceed 6 h.
  h.clock_to(start + 6 * kHour);
  EXPECT_EQ(h.steps("BRK-01").size(), 1u);
  h.clock_to(start + 6 * kHour + 1);
  ASSERT_EQ(h.steps("BRK-01").size(), 2u);
  EXPECT_EQ(h.steps("BRK-01")[1], (Step{S::firing, start + 6 * kHour + 1}));
  const Alert a = h.of("BRK-01")[1].alert;
  EXPECT_EQ(a.started_at, start);
  EXPECT_EQ(a.due_at, start + 6 * kHour);
  EXPECT_EQ(a.fired_at, start + 6 * kHour + 1);
  EXPECT_EQ(a.severity, referentiel::Severity::critical);
  EXPECT_EQ(a.subject.key(), "agent.4012");
}

TEST(Brk01, ResolvesWhenAnInterruptionReachesTwentyMinutes) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-02 08:00");
  h.work("4012", start);
  h.pause("4012", start + 6 * kHour + 30 * kMin);
  h.clock_to(start + 6 * kHour + 50 * kMin - 1);
  EXPECT_EQ(h.steps("BRK-01").back().state, S::firing);
  h.clock_to(start + 6 * kHour + 50 * kMin);
  EXPECT_EQ(h.steps("BRK-01").back(), (Step{S::resolved, start + 6 * kHour + 50 * kMin}));
  // The day is satisfied: more work does not fire again.
  h.work("4012", start + 7 * kHour);
  h.clock_to(start + 9 * kHour);
  EXPECT_EQ(h.steps("BRK-01").size(), 3u);
}

TEST(Brk01, AnInterruptionOfExactlyTwentyMinutesQualifies) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-02 08:00");
  h.work("a", start);
  h.pause("a", start + 2 * kHour);
  h.work("a", start + 2 * kHour + 20 * kMin);
  h.clock_to(start + 9 * kHour);
  EXPECT_TRUE(h.steps("BRK-01").empty());
}

TEST(Brk01, ShorterInterruptionsNeitherCountNorReset) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-02 08:00");
  h.work("a", start);
  h.pause("a", start + 2 * kHour);
  const TimestampMs back = start + 2 * kHour + 20 * kMin - 1;  // 19:59.999
  h.work("a", back);
  h.pause("a", start + 4 * kHour);
  h.work("a", start + 4 * kHour + 15 * kMin);  // a second short one: two do not make one
  // Work reaches 6 h at back + 2 h + (the part after the second pause) ...
  const TimestampMs six =
      start + 4 * kHour + 15 * kMin + (6 * kHour - 2 * kHour - (2 * kHour - 20 * kMin + 1));
  h.clock_to(six);
  EXPECT_FALSE(h.fired("BRK-01"));
  h.clock_to(six + 1);
  EXPECT_EQ(h.steps("BRK-01").back(), (Step{S::firing, six + 1}));
}

TEST(Brk01, ANightShiftIsOneWorkDayAcrossMidnight) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-02 22:00");
  h.work("a", start);
  h.clock_to(start + 6 * kHour);
  EXPECT_FALSE(h.fired("BRK-01"));
  h.clock_to(start + 6 * kHour + 1);  // 04:00:00.001 on 03-03
  EXPECT_EQ(h.steps("BRK-01").back(), (Step{S::firing, start + 6 * kHour + 1}));
  EXPECT_EQ(h.of("BRK-01").back().alert.started_at, start);
}

TEST(Brk01, DurationsArePhysicalOnTheSpringForwardDay) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-29 00:30");  // CET
  h.work("a", start);
  h.clock_to(start + 6 * kHour);
  EXPECT_FALSE(h.fired("BRK-01"));
  h.clock_to(start + 6 * kHour + 1);
  EXPECT_TRUE(h.fired("BRK-01"));
  // Six physical hours after 00:30 CET is 07:30 CEST on the local clock.
  EXPECT_EQ(paris().to_local(start + 6 * kHour).ms_of_day, 7 * kHour + 30 * kMin);
}

TEST(Brk01, DueNoticeIsNudgedToTheAgentsNodeAndResolvesIfAvoided) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-02 08:00");
  h.work("4012", start);
  h.clock_to(start + 5 * kHour + 45 * kMin);
  ASSERT_EQ(h.sink().nudges.size(), 3u);  // BRK-01, and BRK-02 and BRK-03 earlier
  const Nudge* n = nullptr;
  for (const auto& x : h.sink().nudges)
    if (x.criterion == "BRK-01") n = &x;
  ASSERT_TRUE(n);
  EXPECT_EQ(n->node, "acd-1");
  EXPECT_EQ(n->agent, "4012");
  EXPECT_EQ(n->due_at, start + 6 * kHour);
  EXPECT_NE(n->text.find("limit reached in 30 min"), std::string::npos);
  // The pause comes in time: the notice resolves without firing.
  h.pause("4012", start + 5 * kHour + 50 * kMin);
  h.clock_to(start + 6 * kHour + 10 * kMin);
  EXPECT_EQ(h.steps("BRK-01"), (std::vector<Step>{{S::due, start + 5 * kHour + 30 * kMin},
                                                  {S::resolved, start + 6 * kHour + 10 * kMin}}));
}

TEST(Brk01, ResolvesWhenTheDaysLastShiftEndsWithoutAPause) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-02 08:00");
  h.work("a", start);
  h.off("a", start + 7 * kHour);  // logging out is an interruption too
  h.clock_to(start + 7 * kHour + 20 * kMin);
  EXPECT_EQ(h.steps("BRK-01").back(), (Step{S::resolved, start + 7 * kHour + 20 * kMin}));
}

}  // namespace
}  // namespace vigie::engine::testing
