// ENV-02: a zone's level from env.sample (the first of `fields` present).
// Pending from the first sample above `threshold`, firing after `hold` with
// no sample at or below; once firing it clears after `clear_hold` with no
// sample above. Times are the samples' ts (the end of their window).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/alert_book.hpp"
#include "engine/clock.hpp"

namespace vigie::engine {

class Level {
 public:
  explicit Level(const CriterionDef& def);

  void on_sample(TimestampMs t, const EnvSample& sample, const RuleScope& s);
  void evaluate(TimestampMs t, const RuleScope& s);
  TimestampMs next_deadline(TimestampMs after) const;
  void for_each_open(const std::function<void(Occurrence&)>& f) {
    if (occ_.open()) f(occ_);
  }

 private:
  std::optional<double> read(const EnvSample& sample) const;

  const CriterionDef& def_;
  std::vector<std::string> fields_;
  double threshold_;
  std::int64_t hold_, clear_hold_;
  enum class Phase { idle, pending, firing } phase_ = Phase::idle;
  TimestampMs above_since_ = 0;
  TimestampMs at_or_below_since_ = kNever;
  double last_ = 0;
  Occurrence occ_;
};

}  // namespace vigie::engine
