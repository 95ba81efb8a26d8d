// The time model: activities, interruptions, shifts, work days and weeks.
#include "engine/working_time.hpp"

#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

class WorkingTimeTest : public ::testing::Test {
 protected:
  referentiel::StateMapping mapping = referentiel::StateMapping::contract_default();
  WorkingTime wt{paris(), mapping, 3 * kHour};
  std::vector<std::pair<Boundary, TimestampMs>> boundaries;

  void to(TimestampMs t) {
    while (wt.next_deadline() <= t) {
      TimestampMs d = wt.next_deadline();
      boundaries.push_back({wt.on_deadline(d), d});
    }
  }
  void at(TimestampMs t, AgentState s, std::optional<NotReadyReason> r = std::nullopt) {
    to(t);
    wt.apply(t, s, r);
  }
};

TEST_F(WorkingTimeTest, InterruptionsShorterThanThreeHoursJoinAShift) {
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  at(t0, AgentState::available);
  at(t0 + 2 * kHour, AgentState::not_ready, NotReadyReason::lunch);
  at(t0 + 2 * kHour + 30 * kMin, AgentState::logged_out);  // pause then off: one interruption
  EXPECT_EQ(wt.interruption_start(), t0 + 2 * kHour);
  at(t0 + 5 * kHour - 1, AgentState::talking);
  EXPECT_TRUE(boundaries.empty());
  EXPECT_EQ(wt.last_interruption()->length(), 3 * kHour - 1);
  EXPECT_EQ(wt.day_work(t0 + 6 * kHour), 3 * kHour + 1);
}

TEST_F(WorkingTimeTest, AShiftEndsWhenItsInterruptionReachesThreeHours) {
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  at(t0, AgentState::available);
  at(t0 + 4 * kHour, AgentState::logged_out);
  to(t0 + 7 * kHour - 1);
  EXPECT_TRUE(wt.in_shift());
  to(t0 + 7 * kHour);
  EXPECT_FALSE(wt.in_shift());
  ASSERT_EQ(boundaries.size(), 1u);
  EXPECT_EQ(boundaries[0], std::make_pair(Boundary::shift_ended, t0 + 7 * kHour));
  // A split shift the same date belongs to the same work day.
  at(t0 + 8 * kHour, AgentState::available);
  EXPECT_EQ(wt.day().first_work, t0);
  EXPECT_EQ(wt.day_work(t0 + 9 * kHour), 5 * kHour);
  at(t0 + 10 * kHour, AgentState::logged_out);
  to(paris_time("2026-03-03 00:00"));
  EXPECT_EQ(boundaries.back(),
            std::make_pair(Boundary::day_closed, paris_time("2026-03-03 00:00")));
  EXPECT_EQ(wt.day().work_ms, 6 * kHour);
}

TEST_F(WorkingTimeTest, ANightShiftBelongsToTheDateItStarts) {
  const TimestampMs t0 = paris_time("2026-03-02 22:00");
  at(t0, AgentState::available);
  at(t0 + 8 * kHour, AgentState::logged_out);  // 06:00 on 03-03
  EXPECT_EQ(wt.day().date, (CivilDate{2026, 3, 2}));
  to(t0 + 11 * kHour);
  // Shift end and day close fall together: midnight has passed.
  ASSERT_EQ(boundaries.size(), 2u);
  EXPECT_EQ(boundaries[1], std::make_pair(Boundary::day_closed, t0 + 11 * kHour));
  at(t0 + 12 * kHour, AgentState::available);  // 10:00 on 03-03: a new day
  EXPECT_EQ(wt.day().date, (CivilDate{2026, 3, 3}));
  EXPECT_EQ(wt.day_work(t0 + 13 * kHour), kHour);
}

TEST_F(WorkingTimeTest, WeeksCloseOnMondayOnceTheirDaysHaveClosed) {
  at(paris_time("2026-03-08 20:00"), AgentState::available);  // Sunday
  EXPECT_EQ(wt.week().monday, (CivilDate{2026, 3, 2}));
  at(paris_time("2026-03-09 04:00"), AgentState::logged_out);  // Monday 04:00
  EXPECT_EQ(wt.week_work(paris_time("2026-03-09 04:00")), 8 * kHour);
  to(paris_time("2026-03-09 07:00"));
  ASSERT_EQ(boundaries.size(), 3u);
  EXPECT_EQ(boundaries[2], std::make_pair(Boundary::week_closed, paris_time("2026-03-09 07:00")));
  EXPECT_EQ(wt.closed_week().work_ms, 8 * kHour);
  EXPECT_EQ(wt.week().monday, (CivilDate{2026, 3, 9}));
  // Empty weeks close on time too.
  to(paris_time("2026-03-23 00:00"));
  EXPECT_EQ(boundaries.back(),
            std::make_pair(Boundary::week_closed, paris_time("2026-03-23 00:00")));
  EXPECT_EQ(wt.closed_week().work_ms, 0);
}

TEST_F(WorkingTimeTest, DaysOf23And25HoursCloseAtLocalMidnight) {
  at(paris_time("2026-03-29 08:00"), AgentState::available);
  at(paris_time("2026-03-29 09:00"), AgentState::logged_out);
  to(paris_time("2026-03-30 00:00"));
  // A Sunday: its week closes at the same instant, after it.
  ASSERT_GE(boundaries.size(), 2u);
  EXPECT_EQ(boundaries[boundaries.size() - 2],
            std::make_pair(Boundary::day_closed, paris_time("2026-03-30 00:00")));
  EXPECT_EQ(boundaries.back(),
            std::make_pair(Boundary::week_closed, paris_time("2026-03-30 00:00")));
  EXPECT_EQ(paris_time("2026-03-30 00:00") - paris_time("2026-03-29 00:00"), 23 * kHour);
  at(paris_time("2026-10-25 00:30"), AgentState::available);
  at(paris_time("2026-10-25 04:00"), AgentState::logged_out);
  // 00:30 CEST to 04:00 CET: 4 h 30 of work on the local clock's 3 h 30.
  EXPECT_EQ(wt.day().work_ms, 4 * kHour + 30 * kMin);
}

}  // namespace
}  // namespace vigie::engine::testing

namespace vigie::engine::testing {
namespace {

class WorkingTimePauseTest : public ::testing::Test {
 protected:
  referentiel::StateMapping mapping = referentiel::StateMapping::contract_default();
  WorkingTime wt{paris(), mapping, 3 * kHour};
  void at(TimestampMs t, AgentState s, std::optional<NotReadyReason> r = std::nullopt) {
    while (wt.next_deadline() <= t) wt.on_deadline(wt.next_deadline());
    wt.apply(t, s, r);
  }
};

TEST_F(WorkingTimePauseTest, PauseMinutesOfTheDayCountPauseNotOff) {
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  at(t0, AgentState::available);
  at(t0 + kHour, AgentState::not_ready, NotReadyReason::break_);
  EXPECT_EQ(wt.day_pause(t0 + kHour + 5 * kMin), 5 * kMin) << "an open pause counts up to t";
  at(t0 + kHour + 15 * kMin, AgentState::talking);
  at(t0 + 2 * kHour, AgentState::logged_out);  // off: not a pause
  at(t0 + 2 * kHour + 30 * kMin, AgentState::available);
  EXPECT_EQ(wt.day_pause(t0 + 3 * kHour), 15 * kMin);
  // The next day starts from zero.
  at(t0 + 4 * kHour, AgentState::logged_out);
  at(paris_time("2026-03-03 08:00"), AgentState::not_ready, NotReadyReason::break_);
  at(paris_time("2026-03-03 08:10"), AgentState::available);
  EXPECT_EQ(wt.day().date, (CivilDate{2026, 3, 3}));
  EXPECT_EQ(wt.day_pause(paris_time("2026-03-03 09:00")), 0)
      << "a pause before the day's first work belongs to no work day";
}

TEST_F(WorkingTimePauseTest, ARealPauseLastsTwentyMinutesOrMore) {
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  at(t0, AgentState::available);
  EXPECT_FALSE(wt.last_real_pause().has_value());
  at(t0 + kHour, AgentState::not_ready, NotReadyReason::break_);
  at(t0 + kHour + 20 * kMin - 1, AgentState::available);  // one ms short
  EXPECT_FALSE(wt.last_real_pause().has_value());
  at(t0 + 2 * kHour, AgentState::not_ready, NotReadyReason::break_);
  at(t0 + 2 * kHour + 20 * kMin, AgentState::available);  // exactly 20 min
  ASSERT_TRUE(wt.last_real_pause().has_value());
  EXPECT_EQ(wt.last_real_pause()->end, t0 + 2 * kHour + 20 * kMin);
  at(t0 + 3 * kHour, AgentState::not_ready, NotReadyReason::personal);
  at(t0 + 3 * kHour + 5 * kMin, AgentState::available);  // a short one does not replace it
  EXPECT_EQ(wt.last_real_pause()->end, t0 + 2 * kHour + 20 * kMin);
}

}  // namespace
}  // namespace vigie::engine::testing
