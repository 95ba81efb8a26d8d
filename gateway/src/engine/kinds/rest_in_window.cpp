#include "engine/kinds/rest_in_window.hpp"

#include <algorithm>

namespace vigie::engine {

RestInWindow::RestInWindow(const CriterionDef& def)
    : AgentRule(def),
      min_rest_(def.criterion->duration("min_rest")),
      window_(def.criterion->duration("window")) {}

void RestInWindow::on_state(const WorkingTime& wt, TimestampMs t, const RuleScope& s) {
  const auto& last = wt.last_interruption();
  if (wt.working() && last && last->end == t && wt.since() == t) {
    if (last->length() >= min_rest_) last_rest_end_ = last->end;
    while (!candidates_.empty() && candidates_.back().length() <= last->length())
      candidates_.pop_back();
    candidates_.push_back(*last);
  }
  const auto gone = std::find_if(candidates_.begin(), candidates_.end(),
                                 [&](const Interruption& i) { return i.end >= t - window_; });
  candidates_.erase(candidates_.begin(), gone);
  evaluate(wt, t, s);
}

TimestampMs RestInWindow::longest_inside(TimestampMs t) const {
  TimestampMs best = 0;
  for (const auto& i : candidates_)
    best = std::max(best, std::min(i.end, t) - std::max(i.start, t - window_));
  return best;
}

void RestInWindow::evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) {
  if (!wt.known()) return;
  if (!wt.working()) {
    if (occ_.open() && t - wt.interruption_start() >= min_rest_)
      s.book.resolve(occ_, s, t, minutes(t - wt.interruption_start()));
    return;
  }
  if (occ_.open() || t - wt.first_event() < window_) return;
  if (last_rest_end_ && t <= *last_rest_end_ + window_ - min_rest_) return;
  s.book.fire(occ_, def_, s, t, t, minutes(longest_inside(t)));
}

TimestampMs RestInWindow::next_deadline(const WorkingTime& wt, TimestampMs after) const {
  if (!wt.known()) return kNever;
  Earliest e(after);
  if (!wt.working()) {
    if (occ_.open()) e.consider(wt.interruption_start() + min_rest_);
    return e.get();
  }
  if (occ_.open()) return kNever;
  TimestampMs at = wt.first_event() + window_;
  // Strict "shorter": the first millisecond the last long rest falls below min_rest inside.
  if (last_rest_end_) at = std::max(at, *last_rest_end_ + window_ - min_rest_ + 1);
  e.consider(at);
  return e.get();
}

}  // namespace vigie::engine
