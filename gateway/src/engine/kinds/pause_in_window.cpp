// BRK-04: on a work day whose first shift starts before `window_start` (local)
// and whose work is still going at `window_end` that date, fires at
// window_end unless one interruption overlapped the window for `min_pause`.
// "Still going": working at window_end, or in an interruption of the same
// shift that work then resumes from (it fires at that return). Resolves when
// the work day closes.
#include <algorithm>

#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class PauseInWindow final : public OneAlert<AgentRule> {
  void start_day(const WorkingTime& wt) {
    day_first_ = wt.day().first_work;
    // Local-time windows are read on the local clock of the work day's date.
    window_start_ = wt.zone().to_utc(wt.day().date, start_of_window_);
    window_end_ = wt.zone().to_utc(wt.day().date, end_of_window_);
    applicable_ = day_first_ < window_start_;
    qualified_ = checked_ = awaiting_return_ = false;
    longest_ = 0;
  }
  TimestampMs overlap(TimestampMs a, TimestampMs b) const {
    return std::max<TimestampMs>(0, std::min(b, window_end_) - std::max(a, window_start_));
  }
  void note_interruption(TimestampMs a, TimestampMs b) {
    longest_ = std::max(longest_, overlap(a, b));
    if (longest_ >= min_pause_) qualified_ = true;
  }

  // ms after local midnight
  std::int64_t start_of_window_ = def_.criterion->time_of_day("window_start");
  std::int64_t end_of_window_ = def_.criterion->time_of_day("window_end");
  std::int64_t min_pause_ = def_.criterion->duration("min_pause");
  TimestampMs day_first_ = kBeforeTime;
  TimestampMs window_start_ = 0;  // on the work day's date, UTC
  TimestampMs window_end_ = 0;
  bool applicable_ = false;
  bool qualified_ = false;
  bool checked_ = false;
  bool awaiting_return_ = false;  // in an interruption at window_end, shift still on
  TimestampMs longest_ = 0;       // longest overlap so far

 public:
  using OneAlert::OneAlert;
  void on_state(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
    if (wt.day_open() && wt.day().first_work != day_first_) start_day(wt);
    const auto& last = wt.last_interruption();
    if (applicable_ && wt.working() && last && last->end == t) note_interruption(last->start, t);
    evaluate(wt, t, s);
  }
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override {
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
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
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
    if (def_.due_before() && !occ_.open() && wt.working() &&
        t >= window_end_ - *def_.due_before()) {
      s.book.open(occ_, def_, s, AlertState::due, t, day_first_, minutes(longest_), window_end_);
    }
  }
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override {
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
};

}  // namespace

std::unique_ptr<AgentRule> pause_in_window_rule(const CriterionDef& def) {
  return std::make_unique<PauseInWindow>(def);
}

}  // namespace vigie::engine
