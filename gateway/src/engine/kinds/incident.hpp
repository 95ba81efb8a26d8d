// ENV-03: a call.tag with one of `tags` fires at once (an incident to follow
// up as a work accident); the alert stays active `open_for`, then resolves.
#pragma once

#include <vector>

#include "engine/rule.hpp"

namespace vigie::engine {

class Incident final : public AgentRule {
 public:
  explicit Incident(const CriterionDef& def);
  void on_call_tagged(const WorkingTime& wt, TimestampMs t, const CallTagged& tag,
                      const RuleScope& s) override;
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    for (auto& o : open_) f(o.occ);
  }

 private:
  struct Open {
    TimestampMs at = 0;
    Occurrence occ;
  };
  std::vector<CallTag> wanted_;
  std::int64_t open_for_;
  std::vector<Open> open_;
};

}  // namespace vigie::engine
