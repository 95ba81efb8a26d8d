// ENV-02 (noise level), ENV-03 (acoustic shock), PLN-01 (schedule notice).
#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

TEST(Env02, FifteenMinutesAboveFiresFifteenAtOrBelowClears) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  for (int m = 0; m <= 20; ++m) h.sample("plateau-2", t0 + m * kMin, 56.0, 70.0);
  // Fired by the sample at +15 min (the condition held 15 min with no sample at or below).
  EXPECT_EQ(h.steps("ENV-02"), (std::vector<Step>{{S::pending, t0}, {S::firing, t0 + 15 * kMin}}));
  EXPECT_EQ(h.of("ENV-02").back().alert.subject.key(), "zone.plateau-2");
  // 55 is "at or below": the clearing starts; one sample above resets it.
  h.sample("plateau-2", t0 + 21 * kMin, 55.0);
  h.sample("plateau-2", t0 + 30 * kMin, 57.0);
  h.sample("plateau-2", t0 + 31 * kMin, 50.0);
  h.clock_to(t0 + 46 * kMin - 1);
  EXPECT_EQ(h.steps("ENV-02").back().state, S::firing);
  h.clock_to(t0 + 46 * kMin);
  EXPECT_EQ(h.steps("ENV-02").back(), (Step{S::resolved, t0 + 46 * kMin}));
}

TEST(Env02, FiresOnTheClockWithoutAnotherSample) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.sample("z", t0, std::nullopt, 60.0);  // no L50: LAeq is read
  h.clock_to(t0 + 15 * kMin - 1);
  EXPECT_EQ(h.steps("ENV-02"), (std::vector<Step>{{S::pending, t0}}));
  h.clock_to(t0 + 15 * kMin);
  EXPECT_EQ(h.steps("ENV-02").back(), (Step{S::firing, t0 + 15 * kMin}));
}

TEST(Env02, ExactlyTheThresholdIsNotAbove) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.sample("z", t0, 55.0);
  h.clock_to(t0 + kHour);
  EXPECT_TRUE(h.steps("ENV-02").empty());
}

TEST(Env03, AnAcousticShockFiresAtOnceAndStaysOpenForFollowUp) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.work("a", t0 - kHour);
  h.tag("a", t0, {CallTag::acoustic_shock});
  EXPECT_EQ(h.steps("ENV-03"), (std::vector<Step>{{S::firing, t0}}));
  EXPECT_EQ(h.of("ENV-03").back().alert.severity, referentiel::Severity::major);
  h.clock_to(t0 + 24 * kHour - 1);
  EXPECT_EQ(h.steps("ENV-03").size(), 1u);
  h.clock_to(t0 + 24 * kHour);
  EXPECT_EQ(h.steps("ENV-03").back(), (Step{S::resolved, t0 + 24 * kHour}));
}

TEST(Pln01, AShiftPublishedLessThanSevenDaysAheadFiresAtItsTs) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-10 08:00");
  const TimestampMs ts = paris_time("2026-03-03 09:00");
  h.shift("a", "s-1", start, start + 8 * kHour, start - 7 * kDay + 1, ts);
  EXPECT_EQ(h.steps("PLN-01"), (std::vector<Step>{{S::firing, ts}}));
  EXPECT_EQ(h.of("PLN-01").back().alert.started_at, start);
  EXPECT_EQ(h.of("PLN-01").back().alert.subject.key(), "agent.a");
  h.clock_to(start + 8 * kHour);
  EXPECT_EQ(h.steps("PLN-01").back(), (Step{S::resolved, start + 8 * kHour}));
}

TEST(Pln01, ExactlySevenDaysIsEnoughAndAReplacementIsJudgedAgain) {
  Harness h;
  const TimestampMs start = paris_time("2026-03-10 08:00");
  h.shift("a", "s-1", start, start + 8 * kHour, start - 7 * kDay, start - 7 * kDay);
  EXPECT_TRUE(h.steps("PLN-01").empty());
  // Moved two hours earlier, two days before: a new, late schedule.
  const TimestampMs ts = start - 2 * kDay;
  h.shift("a", "s-1", start - 2 * kHour, start + 6 * kHour, ts, ts);
  EXPECT_EQ(h.steps("PLN-01"), (std::vector<Step>{{S::firing, ts}}));
  // Replaced again with enough notice: resolved at that replacement.
  const TimestampMs ts2 = ts + kHour;
  h.shift("a", "s-1", start + 8 * kDay, start + 8 * kDay + 8 * kHour, ts2, ts2);
  EXPECT_EQ(h.steps("PLN-01").back(), (Step{S::resolved, ts2}));
}

}  // namespace
}  // namespace vigie::engine::testing
