#include "domain/event.hpp"

#include <array>
#include <utility>

#include "core/wire_vocabulary.hpp"
#include "domain/names.hpp"

namespace vigie {
namespace {

// The contract's words (firmware/core/wire_vocabulary.hpp, shared with the firmware) in
// the order of this side's enumerations, which must have as many values.
static_assert(static_cast<std::size_t>(AgentState::not_ready) + 1 ==
              wire::count(wire::kAgentStates));
static_assert(static_cast<std::size_t>(NotReadyReason::other) + 1 ==
              wire::count(wire::kNotReadyReasons));
static_assert(static_cast<std::size_t>(CallTag::acoustic_shock) + 1 ==
              wire::count(wire::kCallTags));
static_assert(static_cast<std::size_t>(NodeKind::sensor) + 1 == wire::count(wire::kNodeKinds));
static_assert(static_cast<std::size_t>(NodeStatus::lost) + 1 == wire::count(wire::kNodeStatuses));
static_assert(std::variant_size_v<EventBody> == wire::count(wire::kEventTypes));

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

const char* to_string(AgentState s) {
  return name_of(wire::kAgentStates, s);
}
const char* to_string(NotReadyReason r) {
  return name_of(wire::kNotReadyReasons, r);
}
const char* to_string(CallTag t) {
  return name_of(wire::kCallTags, t);
}
const char* to_string(NodeKind k) {
  return name_of(wire::kNodeKinds, k);
}
const char* to_string(NodeStatus s) {
  return name_of(wire::kNodeStatuses, s);
}

// The variant's alternatives are in wire::kEventTypes's order (domain/event.hpp).
const char* type_name(const EventBody& body) {
  return wire::kEventTypes[body.index()];
}

std::optional<AgentState> parse_agent_state(const std::string& s) {
  return lookup<AgentState>(wire::kAgentStates, s);
}
std::optional<NotReadyReason> parse_not_ready_reason(const std::string& s) {
  return lookup<NotReadyReason>(wire::kNotReadyReasons, s);
}
std::optional<CallTag> parse_call_tag(const std::string& s) {
  return lookup<CallTag>(wire::kCallTags, s);
}
std::optional<NodeKind> parse_node_kind(const std::string& s) {
  return lookup<NodeKind>(wire::kNodeKinds, s);
}
std::optional<NodeStatus> parse_node_status(const std::string& s) {
  return lookup<NodeStatus>(wire::kNodeStatuses, s);
}

bool is_valid_id(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!is_id_char(c)) return false;
  return true;
}

bool is_valid_epoch(const std::string& s) {
  if (s.size() != 16) return false;
  for (char c : s) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

}  // namespace vigie
