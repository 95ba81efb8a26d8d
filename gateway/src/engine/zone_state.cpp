#include "engine/zone_state.hpp"

#include <algorithm>

#include "engine/work_meter.hpp"

namespace vigie::engine {

ZoneState::ZoneState(std::string id, const std::vector<const CriterionDef*>& defs)
    : SubjectState(Subject{referentiel::Scope::zone, std::move(id)}) {
  for (const auto* d : defs) rules_.push_back(std::make_unique<Level>(*d));
}

TimestampMs ZoneState::next_deadline() const {
  TimestampMs next = kNever;
  for (const auto& r : rules_) next = std::min(next, r->next_deadline(now_));
  return next;
}

void ZoneState::advance_through(TimestampMs t, AlertBook& book) {
  const RuleScope s = scope(book);
  for (;;) {
    const TimestampMs d = next_deadline();
    if (d == kNever || d > t) break;
    now_ = d;
    ++work_meter().zone_steps;
    for (auto& r : rules_) r->evaluate(d, s);
  }
}

void ZoneState::for_each_open(const std::function<void(Occurrence&)>& f) {
  for (auto& r : rules_) r->for_each_open(f);
}

void ZoneState::apply_sample(TimestampMs t, const EnvSample& sample, AlertBook& book) {
  now_ = std::max(now_, t);
  const RuleScope s = scope(book);
  for (auto& r : rules_) r->on_sample(now_, sample, s);
  refresh();
}

}  // namespace vigie::engine
