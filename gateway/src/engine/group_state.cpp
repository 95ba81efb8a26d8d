#include "engine/group_state.hpp"

#include <algorithm>

#include "engine/kinds/registry.hpp"

namespace vigie::engine {

GroupState::GroupState(Subject subject, const std::vector<const CriterionDef*>& defs,
                       std::uint64_t WorkMeter::*steps)
    : SubjectState(std::move(subject)), steps_(steps) {
  for (const auto* d : defs)
    if (d->kind->group_rule) rules_.push_back(d->kind->group_rule(*d));
}

TimestampMs GroupState::next_deadline() const {
  TimestampMs next = kNever;
  for (const auto& r : rules_) next = std::min(next, r->next_deadline(now_));
  return next;
}

void GroupState::advance_through(TimestampMs t, AlertBook& book) {
  const RuleScope s = scope(book);
  for (;;) {
    const TimestampMs d = next_deadline();
    if (d == kNever || d > t) break;
    now_ = d;
    ++(work_meter().*steps_);
    for (auto& r : rules_) r->evaluate(d, s);
  }
}

void GroupState::for_each_open(const std::function<void(Occurrence&)>& f) {
  for (auto& r : rules_) r->for_each_open(f);
}

}  // namespace vigie::engine
