// BRK-01: a pause of at least `min_pause` consecutive minutes once the work
// day's work exceeds `work_limit`. Shorter interruptions neither count nor
// reset; one qualifying interruption since the day's first work satisfies the day.
#pragma once

#include "engine/rule.hpp"

namespace vigie::engine {

class WorkUntilPause final : public AgentRule {
 public:
  explicit WorkUntilPause(const CriterionDef& def);
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override;
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    if (occ_.open()) f(occ_);
  }

 private:
  std::int64_t limit_;
  std::int64_t min_pause_;
  TimestampMs day_first_ = kBeforeTime;  // the work day being judged
  bool satisfied_ = false;
  Occurrence occ_;
};

}  // namespace vigie::engine
