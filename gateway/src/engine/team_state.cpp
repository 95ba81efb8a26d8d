#include "engine/team_state.hpp"

#include <algorithm>

namespace vigie::engine {

Engagement engagement_of(AgentState s) {
  switch (s) {
    case AgentState::talking:
    case AgentState::hold:
    case AgentState::wrap_up:
      return Engagement::handling;
    case AgentState::available:
      return Engagement::available;
    default:
      return Engagement::none;
  }
}

TeamState::TeamState(std::string id, const std::vector<const CriterionDef*>& defs)
    : GroupState(Subject{referentiel::Scope::team, std::move(id)}, defs, &WorkMeter::team_steps) {}

void TeamState::change(TimestampMs t, Engagement from, Engagement to) {
  now_ = std::max(now_, t);
  auto count = [](Engagement e, int delta, int& handling, int& available) {
    if (e == Engagement::handling) handling += delta;
    if (e == Engagement::available) available += delta;
  };
  count(from, -1, handling_, available_);
  count(to, +1, handling_, available_);
  for (auto& r : rules_) r->on_counts(now_, handling_, available_);
  refresh();
}

}  // namespace vigie::engine
