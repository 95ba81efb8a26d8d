// The words of the MQTT contract (events and births, docs/protocol.md), written once
// for the firmware and the gateway alike: a freestanding header, which the gateway's
// domain includes too. Each list is in the order of the enumerations that name the
// same things on either side (firmware core/event.hpp, gateway domain/event.hpp);
// both check at compile time that their enumerations have as many values.
#pragma once

#include <cstddef>

namespace vigie::wire {

// An event's "type".
inline constexpr const char* kEventTypes[] = {"agent.state", "call.tag", "schedule.shift",
                                              "env.sample"};
// agent.state "state".
inline constexpr const char* kAgentStates[] = {"logged_out", "available", "talking",
                                               "hold",       "wrap_up",   "not_ready"};
// agent.state "reason", with not_ready only.
inline constexpr const char* kNotReadyReasons[] = {
    "break",   "lunch",       "personal", "training",  "coaching",
    "meeting", "back_office", "recovery", "technical", "other"};
// call.tag "tags".
inline constexpr const char* kCallTags[] = {"difficult", "abusive", "acoustic_shock"};
// A birth's "kind".
inline constexpr const char* kNodeKinds[] = {"acd-bridge", "desk", "sensor"};
// A node's status (its birth, its Will).
inline constexpr const char* kNodeStatuses[] = {"online", "offline", "lost"};

template <typename T, std::size_t N>
constexpr std::size_t count(const T (&)[N]) {
  return N;
}

}  // namespace vigie::wire
