// REST-03: from the work day's first work to now, while working, above `limit`.
// Resolves when the work day closes.
#pragma once

#include "engine/rule.hpp"

namespace vigie::engine {

class Amplitude final : public AgentRule {
 public:
  explicit Amplitude(const CriterionDef& def);
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override;
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    if (occ_.open()) f(occ_);
  }

 private:
  std::int64_t limit_;
  Occurrence occ_;
};

}  // namespace vigie::engine
