#include "engine/agent_state.hpp"

#include <algorithm>

#include "engine/kinds/registry.hpp"
#include "engine/work_meter.hpp"

namespace vigie::engine {

AgentStateMachine::AgentStateMachine(std::string id, const TimeZone& zone,
                                     const referentiel::StateMapping& mapping,
                                     std::int64_t shift_gap,
                                     const std::vector<const CriterionDef*>& defs)
    : SubjectState(Subject{referentiel::Scope::agent, std::move(id)}),
      wt_(zone, mapping, shift_gap) {
  for (const auto* d : defs)
    if (auto r = make_agent_rule(*d)) rules_.push_back(std::move(r));
}

TimestampMs AgentStateMachine::next_deadline() const {
  // A boundary that fell due is handled before anything else.
  TimestampMs next = std::max(wt_.next_deadline(), now_);
  for (const auto& r : rules_) next = std::min(next, r->next_deadline(wt_, now_));
  return next;
}

void AgentStateMachine::advance_through(TimestampMs t, AlertBook& book) {
  const RuleScope s = scope(book);
  WorkMeter& meter = work_meter();
  for (;;) {
    skip_idle_weeks(t);
    const TimestampMs d = next_deadline();
    if (d == kNever || d > t) break;
    now_ = d;
    ++meter.agent_steps;
    while (wt_.next_deadline() <= d) {
      const Boundary b = wt_.on_deadline(d);
      ++meter.boundaries;
      for (auto& r : rules_) r->on_boundary(wt_, b, d, s);
      // Weeks that fell due together (a shift ended weeks after its start) close at once too.
      if (b == Boundary::week_closed) skip_idle_weeks(d);
    }
    for (auto& r : rules_) r->evaluate(wt_, d, s);
  }
}

// An idle agent's empty weeks, before `limit` and any rule's deadline (evaluate() between
// deadlines is a no-op), change settled rules in nothing but the weeks kept: close them at once.
void AgentStateMachine::skip_idle_weeks(TimestampMs limit) {
  if (!wt_.idle_weeks()) return;
  TimestampMs rules_next = kNever;
  for (const auto& r : rules_) {
    if (!r->settled_over_idle_weeks()) return;
    rules_next = std::min(rules_next, r->next_deadline(wt_, now_));
  }
  if (rules_next != kNever) limit = std::min(limit, rules_next - 1);
  const auto skipped = wt_.skip_idle_weeks(limit);
  if (!skipped) return;
  ++work_meter().week_skips;
  for (auto& r : rules_) r->on_idle_weeks(wt_, *skipped);
  now_ = std::max(now_, skipped->last_at);
}

void AgentStateMachine::for_each_open(const std::function<void(Occurrence&)>& f) {
  for (auto& r : rules_) r->for_each_open(f);
}

void AgentStateMachine::apply_state(TimestampMs t, const AgentStateChange& change,
                                    AlertBook& book) {
  now_ = std::max(now_, t);
  wt_.apply(now_, change.state, change.reason);
  const RuleScope s = scope(book);
  for (auto& r : rules_) r->on_state(wt_, now_, s);
  refresh();
}

void AgentStateMachine::apply_tag(TimestampMs t, const CallTagged& tag, AlertBook& book) {
  now_ = std::max(now_, t);
  const RuleScope s = scope(book);
  for (auto& r : rules_) r->on_call_tagged(wt_, now_, tag, s);
  refresh();
}

void AgentStateMachine::apply_shift(TimestampMs t, const ShiftScheduled& shift, AlertBook& book) {
  const RuleScope s = scope(book);
  for (auto& r : rules_) r->on_shift_scheduled(wt_, t, shift, s);
  refresh();
}

}  // namespace vigie::engine
