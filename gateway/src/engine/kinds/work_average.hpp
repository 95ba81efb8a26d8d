// TIME-03: the average weekly work of the last `weeks` complete weeks above
// `limit`, checked as each week closes (its Sunday over and its last shift
// ended). Needs `weeks` weeks of the agent's history, the week of its first
// event counting as one. Resolves at the first check back within the limit.
#pragma once

#include <vector>

#include "engine/rule.hpp"

namespace vigie::engine {

class WorkAverage final : public AgentRule {
 public:
  explicit WorkAverage(const CriterionDef& def);
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override;
  void evaluate(const WorkingTime&, TimestampMs, const RuleScope&) override {}
  TimestampMs next_deadline(const WorkingTime&, TimestampMs) const override { return kNever; }
  bool settled_over_idle_weeks() const override;
  void on_idle_weeks(const WorkingTime& wt, const SkippedWeeks& w) override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    if (occ_.open()) f(occ_);
  }

 private:
  std::size_t weeks_;
  std::int64_t limit_;
  std::vector<WorkWeek> closed_;  // a few weeks: no std::deque and its 576 bytes when empty
  Occurrence occ_;
};

}  // namespace vigie::engine
