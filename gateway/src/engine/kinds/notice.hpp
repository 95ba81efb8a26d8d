// PLN-01: each schedule.shift (and each replacement of it, same shift id)
// fires at its ts if its start minus its publication is below `min_notice`.
// The alert resolves when the shift has ended, or at a replacement that moves
// the shift or gives enough notice.
#pragma once

#include <map>
#include <string>

#include "engine/rule.hpp"

namespace vigie::engine {

class Notice final : public AgentRule {
 public:
  explicit Notice(const CriterionDef& def);
  void on_shift_scheduled(const WorkingTime& wt, TimestampMs t, const ShiftScheduled& shift,
                          const RuleScope& s) override;
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    for (auto& [id, p] : late_) f(p.occ);
  }

 private:
  struct Late {
    TimestampMs start = 0;
    TimestampMs end = 0;
    Occurrence occ;
  };
  std::int64_t min_notice_;
  std::map<std::string, Late> late_;  // by shift id, alerts still open
};

}  // namespace vigie::engine
