// LOAD-01 (team occupancy) and LOAD-04 (recovery after a difficult call).
#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

TEST(Load01, PendingAtTheFirstCheckAboveFiringFifteenMinutesLater) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.state("a", t0, AgentState::talking);
  h.state("b", t0, AgentState::talking);
  h.clock_to(t0 + kMin - 1);
  EXPECT_TRUE(h.steps("LOAD-01").empty());
  h.clock_to(t0 + kMin);
  EXPECT_EQ(h.steps("LOAD-01"), (std::vector<Step>{{S::pending, t0 + kMin}}));
  h.clock_to(t0 + 16 * kMin - 1);
  EXPECT_EQ(h.steps("LOAD-01").size(), 1u);
  h.clock_to(t0 + 16 * kMin);
  EXPECT_EQ(h.steps("LOAD-01").back(), (Step{S::firing, t0 + 16 * kMin}));
  EXPECT_EQ(h.of("LOAD-01").back().alert.subject.key(), "team.t1");
  EXPECT_DOUBLE_EQ(*h.of("LOAD-01").back().alert.value, 100.0);
  // Both available from 10:30: 30/38 min = 78.9 % at 10:38 is the first check below 80 %.
  h.state("a", t0 + 30 * kMin, AgentState::available);
  h.state("b", t0 + 30 * kMin, AgentState::available);
  h.clock_to(t0 + 53 * kMin - 1);
  EXPECT_EQ(h.steps("LOAD-01").back().state, S::firing);
  h.clock_to(t0 + 53 * kMin);
  EXPECT_EQ(h.steps("LOAD-01").back(), (Step{S::resolved, t0 + 53 * kMin}));
}

TEST(Load01, APendingConditionThatEndsEarlyResolvesWithoutFiring) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.state("a", t0, AgentState::talking);
  h.state("a", t0 + 5 * kMin, AgentState::available);
  h.clock_to(t0 + 20 * kMin);
  // 5/6 = 83.3 % at 10:06 is not above 85 %.
  EXPECT_EQ(h.steps("LOAD-01"),
            (std::vector<Step>{{S::pending, t0 + kMin}, {S::resolved, t0 + 6 * kMin}}));
}

TEST(Load01, HysteresisKeepsFiringBetweenEightyAndEightyFive) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  const std::vector<std::string> team{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
  for (const auto& a : team) h.state(a, t0, AgentState::talking);
  h.clock_to(t0 + 61 * kMin);
  ASSERT_TRUE(h.fired("LOAD-01"));
  // 10 of 12 handling from now on: the hour's occupancy sinks to 83.3 %, not below 80 %.
  h.state("a", t0 + 61 * kMin, AgentState::available);
  h.state("b", t0 + 61 * kMin, AgentState::available);
  h.clock_to(t0 + 3 * kHour);
  EXPECT_EQ(h.steps("LOAD-01").back().state, S::firing);
  EXPECT_NEAR(*h.of("LOAD-01").back().alert.value, 100.0, 1e-9);
  // 8 of 12 (66.7 %): below 80 % from the check where the window's average drops under it.
  h.state("c", t0 + 3 * kHour, AgentState::available);
  h.state("d", t0 + 3 * kHour, AgentState::available);
  h.clock_to(t0 + 5 * kHour);
  EXPECT_EQ(h.steps("LOAD-01").back().state, S::resolved);
  EXPECT_LT(*h.of("LOAD-01").back().alert.value, 80.0);
}

TEST(Load04, FiresFifteenMinutesAfterADifficultCallWithoutRecovery) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.work("a", t0 - kHour);
  h.tag("a", t0, {CallTag::difficult});
  h.clock_to(t0 + 15 * kMin - 1);
  EXPECT_TRUE(h.steps("LOAD-04").empty());
  h.clock_to(t0 + 15 * kMin);
  EXPECT_EQ(h.steps("LOAD-04"), (std::vector<Step>{{S::firing, t0 + 15 * kMin}}));
  EXPECT_EQ(h.of("LOAD-04").back().alert.started_at, t0);
  h.state("a", t0 + 20 * kMin, AgentState::not_ready, NotReadyReason::recovery);
  h.clock_to(t0 + 25 * kMin);
  EXPECT_EQ(h.steps("LOAD-04").back(), (Step{S::resolved, t0 + 25 * kMin}));
}

TEST(Load04, ARecoveryBeginningInTimeSatisfiesEvenIfItEndsLater) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.work("a", t0 - kHour);
  h.tag("a", t0, {CallTag::abusive, CallTag::difficult});
  h.state("a", t0 + 15 * kMin - 1, AgentState::not_ready, NotReadyReason::recovery);
  h.work("a", t0 + 20 * kMin);
  h.clock_to(t0 + kHour);
  EXPECT_TRUE(h.steps("LOAD-04").empty());
}

TEST(Load04, ARecoveryBeginningAtTagPlusFifteenIsLate) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.work("a", t0 - kHour);
  h.tag("a", t0, {CallTag::difficult});
  h.state("a", t0 + 15 * kMin, AgentState::not_ready, NotReadyReason::recovery);
  EXPECT_EQ(h.steps("LOAD-04"), (std::vector<Step>{{S::firing, t0 + 15 * kMin}}));
  h.clock_to(t0 + 20 * kMin);
  EXPECT_EQ(h.steps("LOAD-04").back(), (Step{S::resolved, t0 + 20 * kMin}));
}

TEST(Load04, ARecoveryTooShortFiresWhenWorkResumes) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.work("a", t0 - kHour);
  h.tag("a", t0, {CallTag::difficult});
  h.pause("a", t0 + 14 * kMin);
  h.work("a", t0 + 17 * kMin);
  EXPECT_EQ(h.steps("LOAD-04"), (std::vector<Step>{{S::firing, t0 + 17 * kMin}}));
}

TEST(Load04, OtherTagsDoNotCallForRecovery) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 10:00");
  h.work("a", t0 - kHour);
  h.tag("a", t0, {CallTag::acoustic_shock});
  h.clock_to(t0 + kHour);
  EXPECT_TRUE(h.steps("LOAD-04").empty());
}

}  // namespace
}  // namespace vigie::engine::testing
