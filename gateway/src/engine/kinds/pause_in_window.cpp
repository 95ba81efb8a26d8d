#include "engine/kinds/pause_in_window.hpp"

#include <algorithm>

namespace vigie::engine {

PauseInWindow::PauseInWindow(const CriterionDef& def)
    : AgentRule(def),
      start_of_window_(def.criterion->time_of_day("window_start")),
      end_of_window_(def.criterion->time_of_day("window_end")),
      min_pause_(def.criterion->duration("min_pause")) {}

void PauseInWindow::start_day(const WorkingTime& wt) {
  day_first_ = wt.day().first_work;
  // Local-time windows are read on the local clock of the work day's date.
  window_start_ = wt.zone().to_utc(wt.day().date, start_of_window_);
  window_end_ = wt.zone().to_utc(wt.day().date, end_of_window_);
  applicable_ = day_first_ < window_start_;
  qualified_ = checked_ = awaiting_return_ = false;
  longest_ = 0;
}

TimestampMs PauseInWindow::overlap(TimestampMs a, TimestampMs b) const {
  return std::max<TimestampMs>(0, std::min(b, window_end_) - std::max(a, window_start_));
}

void PauseInWindow::note_interruption(TimestampMs a, TimestampMs b) {
  longest_ = std::max(longest_, overlap(a, b));
  if (longest_ >= min_pause_) qualified_ = true;
}

void PauseInWindow::on_state(const WorkingTime& wt, TimestampMs t, const RuleScope& s) {
  if (wt.day_open() && wt.day().first_work != day_first_) start_day(wt);
  const auto& last = wt.last_interruption();
  if (applicable_ && wt.working() && last && last->end == t) note_interruption(last->start, t);
  evaluate(wt, t, s);
}

void PauseInWindow::on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t,
                                const RuleScope& s) {
  if (b == Boundary::shift_ended && awaiting_return_) {
    // The work did not resume after window_end: it was not going then.
    awaiting_return_ = false;
    checked_ = true;
    if (occ_.is(AlertState::due)) s.book.resolve(occ_, s, t, minutes(longest_));
  }
  if (b == Boundary::day_closed) {
    if (occ_.open()) s.book.resolve(occ_, s, t, minutes(longest_));
    day_first_ = kBeforeTime;
    applicable_ = false;
  }
  (void)wt;
}

void PauseInWindow::evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) {
  if (!wt.day_open() || wt.day().first_work != day_first_ || !applicable_) return;
  if (!qualified_ && !wt.working()) note_interruption(wt.interruption_start(), t);
  if (qualified_) {
    awaiting_return_ = false;
    checked_ = true;
    if (occ_.is(AlertState::due)) s.book.resolve(occ_, s, t, minutes(longest_));
    return;
  }
  if (checked_) return;
  if (t >= window_end_) {
    if (wt.working()) {
      s.book.fire(occ_, def_, s, t, day_first_, minutes(longest_));
      awaiting_return_ = false;
      checked_ = true;
    } else if (wt.in_shift()) {
      awaiting_return_ = true;
    } else {
      checked_ = true;
      if (occ_.is(AlertState::due)) s.book.resolve(occ_, s, t, minutes(longest_));
    }
    return;
  }
  if (def_.due_before() && !occ_.open() && wt.working() && t >= window_end_ - *def_.due_before()) {
    s.book.open(occ_, def_, s, AlertState::due, t, day_first_, minutes(longest_), window_end_);
  }
}

TimestampMs PauseInWindow::next_deadline(const WorkingTime& wt, TimestampMs after) const {
  if (!wt.day_open() || wt.day().first_work != day_first_ || !applicable_ || qualified_ ||
      checked_ || awaiting_return_)
    return kNever;
  Earliest e(after);
  e.consider(window_end_);
  if (!wt.working()) {
    const TimestampMs q = std::max(wt.interruption_start(), window_start_) + min_pause_;
    if (q <= window_end_) e.consider(q);
  } else if (def_.due_before() && !occ_.open()) {
    e.consider(window_end_ - *def_.due_before());
  }
  return e.get();
}

}  // namespace vigie::engine
