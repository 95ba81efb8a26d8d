// BRK-04: on a work day whose first shift starts before `window_start` (local)
// and whose work is still going at `window_end` that date, fires at
// window_end unless one interruption overlapped the window for `min_pause`.
// "Still going": working at window_end, or in an interruption of the same
// shift that work then resumes from (it fires at that return). Resolves when
// the work day closes.
#pragma once

#include "engine/rule.hpp"

namespace vigie::engine {

class PauseInWindow final : public AgentRule {
 public:
  explicit PauseInWindow(const CriterionDef& def);
  void on_state(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override;
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    if (occ_.open()) f(occ_);
  }

 private:
  void start_day(const WorkingTime& wt);
  TimestampMs overlap(TimestampMs a, TimestampMs b) const;
  void note_interruption(TimestampMs a, TimestampMs b);

  std::int64_t start_of_window_;  // ms after local midnight
  std::int64_t end_of_window_;
  std::int64_t min_pause_;
  TimestampMs day_first_ = kBeforeTime;
  TimestampMs window_start_ = 0;  // on the work day's date, UTC
  TimestampMs window_end_ = 0;
  bool applicable_ = false;
  bool qualified_ = false;
  bool checked_ = false;
  bool awaiting_return_ = false;  // in an interruption at window_end, shift still on
  TimestampMs longest_ = 0;       // longest overlap so far
  Occurrence occ_;
};

}  // namespace vigie::engine
