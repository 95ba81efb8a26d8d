// REST-01, REST-02: fires when the agent works at t and the longest
// interruption inside [t - window, t] (only its part inside counts) is shorter
// than `min_rest`, once the agent's history (from its first event) covers a
// window. Resolves when an interruption reaches `min_rest` (the rest is given).
//
// An interruption [a, b] keeps >= min_rest inside the window at t exactly
// while b - a >= min_rest and t <= b + window - min_rest, so only the end of
// the last long-enough interruption decides when the condition starts.
#include <algorithm>
#include <optional>
#include <vector>

#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class RestInWindow final : public OneAlert<AgentRule> {
  TimestampMs longest_inside(TimestampMs t) const {
    TimestampMs best = 0;
    for (const auto& i : candidates_)
      best = std::max(best, std::min(i.end, t) - std::max(i.start, t - window_));
    return best;
  }

  std::int64_t min_rest_ = def_.criterion->duration("min_rest");
  std::int64_t window_ = def_.criterion->duration("window");
  std::optional<TimestampMs> last_rest_end_;
  // Interruptions that may still be the longest inside the window: each is
  // longer than every later one (a shorter, older one can never win again). A few at
  // most: a vector, where an empty std::deque costs 576 bytes per agent (issue 15).
  std::vector<Interruption> candidates_;

 public:
  using OneAlert::OneAlert;
  void on_state(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
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
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
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
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override {
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
};

}  // namespace

std::unique_ptr<AgentRule> rest_in_window_rule(const CriterionDef& def) {
  return std::make_unique<RestInWindow>(def);
}

}  // namespace vigie::engine
