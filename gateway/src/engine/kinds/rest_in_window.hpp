// REST-01, REST-02: fires when the agent works at t and the longest
// interruption inside [t - window, t] (only its part inside counts) is shorter
// than `min_rest`, once the agent's history (from its first event) covers a
// window. Resolves when an interruption reaches `min_rest` (the rest is given).
//
// An interruption [a, b] keeps >= min_rest inside the window at t exactly
// while b - a >= min_rest and t <= b + window - min_rest, so only the end of
// the last long-enough interruption decides when the condition starts.
#pragma once

#include <optional>
#include <vector>

#include "engine/rule.hpp"

namespace vigie::engine {

class RestInWindow final : public AgentRule {
 public:
  explicit RestInWindow(const CriterionDef& def);
  void on_state(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    if (occ_.open()) f(occ_);
  }

 private:
  TimestampMs longest_inside(TimestampMs t) const;

  std::int64_t min_rest_;
  std::int64_t window_;
  std::optional<TimestampMs> last_rest_end_;
  // Interruptions that may still be the longest inside the window: each is
  // longer than every later one (a shorter, older one can never win again). A few at
  // most: a vector, where an empty std::deque costs 576 bytes per agent (issue 15).
  std::vector<Interruption> candidates_;
  Occurrence occ_;
};

}  // namespace vigie::engine
