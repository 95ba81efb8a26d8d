#include "engine/working_time.hpp"

#include <algorithm>

namespace vigie::engine {

WorkWeek WorkingTime::empty_week(CivilDate monday) const {
  return WorkWeek{monday, zone_->start_of_day(monday), zone_->start_of_day(add_days(monday, 7)), 0};
}

void WorkingTime::open_week(CivilDate monday) {
  week_open_ = true;
  week_ = empty_week(monday);
}

std::optional<SkippedWeeks> WorkingTime::skip_idle_weeks(TimestampMs limit) {
  // Weeks close at max(end, day closed), and a week's end is at or before `limit` exactly
  // up to the Monday of limit's week: no need to walk them.
  if (!idle_weeks() || day_.closed_at > limit) return std::nullopt;
  const CivilDate last_monday = monday_of(zone_->date_of(limit));
  const std::int64_t count = (days_from_date(last_monday) - days_from_date(week_.monday)) / 7;
  if (count <= 0) return std::nullopt;
  SkippedWeeks skipped{week_.monday, count, 0};
  closed_week_ = empty_week(add_days(last_monday, -7));
  open_week(last_monday);
  skipped.last_at = std::max(week_.start, day_.closed_at);
  return skipped;
}

void WorkingTime::start_shift(TimestampMs t) {
  in_shift_ = true;
  const CivilDate date = zone_->date_of(t);
  // A later shift starting on the same date belongs to the same work day (a split shift).
  if (day_open_ && day_.date == date) return;
  day_open_ = true;
  day_ = WorkDay{date, t, 0, 0, 0};
  day_end_ = zone_->start_of_day(add_days(date, 1));
  const CivilDate monday = monday_of(date);
  if (!week_open_ || week_.monday < monday) open_week(monday);
}

void WorkingTime::apply(TimestampMs t, AgentState state, std::optional<NotReadyReason> reason) {
  const Activity next = mapping_->classify(state, reason);
  if (!known_) {
    known_ = true;
    first_event_ = t;
    activity_ = next;
    state_ = state;
    reason_ = reason;
    since_ = state_since_ = t;
    interruption_start_ = t;
    open_week(monday_of(zone_->date_of(t)));
    if (next == Activity::work) {
      ever_worked_ = true;
      start_shift(t);
    }
    return;
  }
  if (state != state_ || reason != reason_) state_since_ = t;
  state_ = state;
  reason_ = reason;
  if (next == activity_) return;
  previous_activity_ = activity_;
  if (activity_ == Activity::pause && day_open_) day_.pause_ms += t - since_;
  if (activity_ == Activity::work) {
    const TimestampMs worked = t - since_;
    day_.work_ms += worked;
    week_.work_ms += worked;
    interruption_start_ = t;
  } else if (next == Activity::work) {
    last_interruption_ = Interruption{interruption_start_, t};
    if (last_interruption_->length() >= kRealPauseMs) last_real_pause_ = last_interruption_;
    ever_worked_ = true;
    if (!in_shift_) start_shift(t);
  }
  activity_ = next;
  since_ = t;
}

TimestampMs WorkingTime::day_work(TimestampMs t) const {
  if (!day_open_) return 0;
  return day_.work_ms + (working() ? t - since_ : 0);
}

TimestampMs WorkingTime::day_pause(TimestampMs t) const {
  if (!day_open_) return 0;
  return day_.pause_ms + (known_ && activity_ == Activity::pause ? t - since_ : 0);
}

TimestampMs WorkingTime::week_work(TimestampMs t) const {
  if (!week_open_) return 0;
  return week_.work_ms + (working() && day_open_ ? t - since_ : 0);
}

TimestampMs WorkingTime::next_deadline() const {
  if (!known_) return kNever;
  TimestampMs next = kNever;
  if (in_shift_ && !working()) next = std::min(next, interruption_start_ + shift_gap_);
  // A day closes once its last shift has ended and its date is over: until
  // midnight another shift may still start on that date.
  if (day_open_ && !in_shift_) next = std::min(next, std::max(day_end_, shift_ended_at_));
  // A week closes once its days have closed and its Sunday is over.
  if (week_open_ && !day_open_) next = std::min(next, std::max(week_.end, day_.closed_at));
  return next;
}

Boundary WorkingTime::on_deadline(TimestampMs t) {
  if (in_shift_ && !working() && interruption_start_ + shift_gap_ <= t) {
    in_shift_ = false;
    shift_ended_at_ = t;
    return Boundary::shift_ended;
  }
  if (day_open_ && !in_shift_) {
    day_open_ = false;
    day_.closed_at = t;
    return Boundary::day_closed;
  }
  closed_week_ = week_;
  open_week(add_days(week_.monday, 7));
  return Boundary::week_closed;
}

}  // namespace vigie::engine
