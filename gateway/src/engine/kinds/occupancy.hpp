// LOAD-01: a team's occupancy, (talking + hold + wrap_up) / (available +
// talking + hold + wrap_up) summed over its agents on a sliding window,
// checked at each multiple of `step`. Pending from the first check above
// `threshold`, firing once every check for `hold` was above; once firing it
// clears after `clear_hold` of checks below `clear_below` (hysteresis).
// Checks a window after the last change of counts all read the same value, so
// only those where a hold runs out are made: work bounded by the window, not the span.
#pragma once

#include <vector>

#include "engine/rule.hpp"

namespace vigie::engine {

class Occupancy final : public OneAlert<GroupRule> {
 public:
  using OneAlert::OneAlert;

  void on_counts(TimestampMs t, int handling, int available) override;
  void evaluate(TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(TimestampMs after) const override;
  // The occupancy over the window ending at the last check, in percent; -1 if undefined.
  double last_value() const { return last_; }

 private:
  void accumulate(TimestampMs t);
  void close_bucket();
  // Whether the last check read a window wholly after the last change of counts.
  bool settled() const;
  // The first check at or after t.
  TimestampMs check_at_or_after(TimestampMs t) const;

  double threshold_ = def_.criterion->number("threshold");
  double clear_below_ = def_.criterion->number("clear_below");
  std::int64_t window_ = def_.criterion->duration("window");
  std::int64_t step_ = def_.criterion->duration("step");
  std::int64_t hold_ = def_.criterion->duration("hold");
  std::int64_t clear_hold_ = def_.criterion->duration("clear_hold");

  struct Bucket {
    std::int64_t handling_ms = 0;
    std::int64_t staffed_ms = 0;
  };
  std::vector<Bucket> ring_ =
      std::vector<Bucket>(static_cast<std::size_t>(window_ / step_));  // the window's closed steps
  std::size_t next_ = 0;
  Bucket sum_, current_;
  TimestampMs accumulated_to_ = kBeforeTime;
  int handling_ = 0, staffed_ = 0;
  TimestampMs counts_since_ = kBeforeTime;  // the counts' last change
  TimestampMs last_check_ = kBeforeTime;

  enum class Phase { idle, pending, firing } phase_ = Phase::idle;
  TimestampMs above_since_ = 0;
  TimestampMs below_since_ = kNever;
  double last_ = -1;
  bool last_above_ = false, last_below_ = true;  // what the last check read
};

}  // namespace vigie::engine
