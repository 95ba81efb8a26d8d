// ENV-02: a zone's level from env.sample (the first of `fields` present).
// Pending from the first sample above `threshold`, firing after `hold` with
// no sample at or below; once firing it clears after `clear_hold` with no
// sample above. Times are the samples' ts (the end of their window).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/rule.hpp"

namespace vigie::engine {

class Level final : public OneAlert<GroupRule> {
 public:
  using OneAlert::OneAlert;

  void on_sample(TimestampMs t, const EnvSample& sample, const RuleScope& s) override;
  void evaluate(TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(TimestampMs after) const override;

 private:
  std::optional<double> read(const EnvSample& sample) const;

  std::vector<std::string> fields_ = def_.criterion->list("fields");
  double threshold_ = def_.criterion->number("threshold");
  std::int64_t hold_ = def_.criterion->duration("hold");
  std::int64_t clear_hold_ = def_.criterion->duration("clear_hold");
  enum class Phase { idle, pending, firing } phase_ = Phase::idle;
  TimestampMs above_since_ = 0;
  TimestampMs at_or_below_since_ = kNever;
  double last_ = 0;
};

}  // namespace vigie::engine
