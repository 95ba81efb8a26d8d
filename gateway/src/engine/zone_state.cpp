#include "engine/zone_state.hpp"

#include <algorithm>

namespace vigie::engine {

ZoneState::ZoneState(std::string id, const std::vector<const CriterionDef*>& defs)
    : GroupState(Subject{referentiel::Scope::zone, std::move(id)}, defs, &WorkMeter::zone_steps) {}

void ZoneState::apply_sample(TimestampMs t, const EnvSample& sample, AlertBook& book) {
  now_ = std::max(now_, t);
  const RuleScope s = scope(book);
  for (auto& r : rules_) r->on_sample(now_, sample, s);
  refresh();
}

}  // namespace vigie::engine
