// TIME-01, TIME-02: work per work day or per week (Monday to Sunday of work
// days) above `limit`. Resolves when the day or week closes.
#pragma once

#include "engine/rule.hpp"

namespace vigie::engine {

class WorkSum final : public AgentRule {
 public:
  explicit WorkSum(const CriterionDef& def);
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override;
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override;
  // A week's close only resolves an open weekly alert.
  bool settled_over_idle_weeks() const override { return !weekly_ || !occ_.open(); }
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    if (occ_.open()) f(occ_);
  }

 private:
  TimestampMs measure(const WorkingTime& wt, TimestampMs t) const;
  TimestampMs closed(const WorkingTime& wt) const;
  TimestampMs period_start(const WorkingTime& wt) const;

  bool weekly_;
  std::int64_t limit_;
  Occurrence occ_;
};

}  // namespace vigie::engine
