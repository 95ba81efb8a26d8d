// LOAD-04: after a call.tag with one of `tags`, an interruption of at least
// `min_recovery` must begin within `within` of the tag, that is before tag +
// within (an interruption going on at the tag counts from the tag); else
// fires at tag + within. If an
// interruption began in time but ends short, it fires at that return to work.
// Resolves when an interruption reaches `min_recovery`.
#pragma once

#include <vector>

#include "engine/rule.hpp"

namespace vigie::engine {

class RecoveryAfterTag final : public AgentRule {
 public:
  explicit RecoveryAfterTag(const CriterionDef& def);
  void on_call_tagged(const WorkingTime& wt, TimestampMs t, const CallTagged& tag,
                      const RuleScope& s) override;
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override;
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    for (auto& p : tags_)
      if (p.occ.open()) f(p.occ);
  }

 private:
  struct Tagged {
    TimestampMs at = 0;
    Occurrence occ;
  };
  std::vector<CallTag> wanted_;
  std::int64_t within_;
  std::int64_t min_recovery_;
  std::vector<Tagged> tags_;  // awaiting recovery, oldest first
};

}  // namespace vigie::engine
