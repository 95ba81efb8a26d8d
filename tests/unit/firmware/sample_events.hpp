// Events for tests, built the way a bridge would describe them.
#pragma once

#include <string>

#include "core/event.hpp"

namespace vigie::fw::testing {

inline Event agent_state(std::int64_t ts, const char* agent, const char* team, AgentState state,
                         const char* call = "", const char* queue = "",
                         NotReadyReason reason = NotReadyReason::none) {
  Event e;
  e.ts = ts;
  e.type = EventType::agent_state;
  e.agent_state.agent.assign(agent);
  e.agent_state.team.assign(team);
  e.agent_state.state = state;
  e.agent_state.reason = reason;
  e.agent_state.call.assign(call);
  e.agent_state.queue.assign(queue);
  return e;
}

// A distinct, valid event for the n-th position of a stream.
inline Event numbered_event(std::uint64_t n) {
  std::string agent = "agent-" + std::to_string(n % 97);
  std::string call = "c-" + std::to_string(n);
  return agent_state(1764489600000 + static_cast<std::int64_t>(n) * 1000, agent.c_str(), "sav-1",
                     n % 2 == 0 ? AgentState::talking : AgentState::wrap_up, call.c_str());
}

// The largest event the model allows: every ID at 64 characters, every break.
inline Event largest_event() {
  const std::string id64(64, 'x');
  Event e;
  e.ts = 9223372036854775807;  // a valid ts is never negative
  e.type = EventType::schedule_shift;
  e.shift.agent.assign(id64);
  e.shift.team.assign(id64);
  e.shift.shift.assign(id64);
  e.shift.start = -9223372036854775807 - 1;
  e.shift.end = 9223372036854775807;
  e.shift.published = -9223372036854775807 - 1;
  e.shift.break_count = kMaxBreaks;
  for (auto& b : e.shift.breaks) {
    b.start = -9223372036854775807 - 1;
    b.end = 9223372036854775807;
    b.kind.assign(std::string(kBreakKindMax, 'k'));
  }
  return e;
}

}  // namespace vigie::fw::testing
