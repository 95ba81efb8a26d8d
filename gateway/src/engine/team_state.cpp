#include "engine/team_state.hpp"

#include <algorithm>

#include "engine/work_meter.hpp"

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
    : SubjectState(Subject{referentiel::Scope::team, std::move(id)}) {
  for (const auto* d : defs) rules_.push_back(std::make_unique<Occupancy>(*d));
}

TimestampMs TeamState::next_deadline() const {
  TimestampMs next = kNever;
  for (const auto& r : rules_) next = std::min(next, r->next_deadline(now_));
  return next;
}

void TeamState::advance_through(TimestampMs t, AlertBook& book) {
  const RuleScope s = scope(book);
  for (;;) {
    const TimestampMs d = next_deadline();
    if (d == kNever || d > t) break;
    now_ = d;
    ++work_meter().team_steps;
    for (auto& r : rules_) r->evaluate(d, s);
  }
}

void TeamState::for_each_open(const std::function<void(Occurrence&)>& f) {
  for (auto& r : rules_) r->for_each_open(f);
}

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
