// BRK-02, BRK-03, BRK-06, LOAD-02: a run is time in the counted states (work
// by default) joined across breaks shorter than `reset`; its length counts the
// counted time only. Fires when the length exceeds `limit`; resolves when a
// break reaches `reset`.
#pragma once

#include <vector>

#include "engine/rule.hpp"

namespace vigie::engine {

class WorkRun final : public AgentRule {
 public:
  explicit WorkRun(const CriterionDef& def);
  void on_state(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    if (occ_.open()) f(occ_);
  }

 private:
  bool counts(const WorkingTime& wt) const;

  std::int64_t limit_;
  std::int64_t reset_;
  std::vector<AgentState> states_;  // empty: the site mapping's work
  bool run_ = false;                // a run is going (possibly in a short break)
  bool in_ = false;                 // in a counted state now
  TimestampMs run_start_ = 0;
  TimestampMs length_closed_ = 0;  // counted time before the current segment
  TimestampMs segment_since_ = 0;
  TimestampMs break_since_ = 0;
  Occurrence occ_;
};

}  // namespace vigie::engine
