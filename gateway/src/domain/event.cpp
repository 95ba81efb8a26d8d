#include "domain/event.hpp"

#include <array>
#include <utility>

namespace vigie {
namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<const char*, E>, N>& table,
                        const std::string& s) {
  for (const auto& [name, value] : table)
    if (s == name) return value;
  return std::nullopt;
}

template <typename E, std::size_t N>
const char* name_of(const std::array<std::pair<const char*, E>, N>& table, E v) {
  for (const auto& [name, value] : table)
    if (value == v) return name;
  return "?";
}

constexpr std::array<std::pair<const char*, AgentState>, 6> kStates{{
    {"logged_out", AgentState::logged_out},
    {"available", AgentState::available},
    {"talking", AgentState::talking},
    {"hold", AgentState::hold},
    {"wrap_up", AgentState::wrap_up},
    {"not_ready", AgentState::not_ready},
}};

constexpr std::array<std::pair<const char*, NotReadyReason>, 10> kReasons{{
    {"break", NotReadyReason::break_},
    {"lunch", NotReadyReason::lunch},
    {"personal", NotReadyReason::personal},
    {"training", NotReadyReason::training},
    {"coaching", NotReadyReason::coaching},
    {"meeting", NotReadyReason::meeting},
    {"back_office", NotReadyReason::back_office},
    {"recovery", NotReadyReason::recovery},
    {"technical", NotReadyReason::technical},
    {"other", NotReadyReason::other},
}};

constexpr std::array<std::pair<const char*, CallTag>, 3> kTags{{
    {"difficult", CallTag::difficult},
    {"abusive", CallTag::abusive},
    {"acoustic_shock", CallTag::acoustic_shock},
}};

constexpr std::array<std::pair<const char*, NodeKind>, 3> kKinds{{
    {"acd-bridge", NodeKind::acd_bridge},
    {"desk", NodeKind::desk},
    {"sensor", NodeKind::sensor},
}};

constexpr std::array<std::pair<const char*, NodeStatus>, 3> kStatuses{{
    {"online", NodeStatus::online},
    {"offline", NodeStatus::offline},
    {"lost", NodeStatus::lost},
}};

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

const char* to_string(AgentState s) {
  return name_of(kStates, s);
}
const char* to_string(NotReadyReason r) {
  return name_of(kReasons, r);
}
const char* to_string(CallTag t) {
  return name_of(kTags, t);
}
const char* to_string(NodeKind k) {
  return name_of(kKinds, k);
}
const char* to_string(NodeStatus s) {
  return name_of(kStatuses, s);
}

const char* type_name(const EventBody& body) {
  struct Visitor {
    const char* operator()(const AgentStateChange&) const { return "agent.state"; }
    const char* operator()(const CallTagged&) const { return "call.tag"; }
    const char* operator()(const ShiftScheduled&) const { return "schedule.shift"; }
    const char* operator()(const EnvSample&) const { return "env.sample"; }
  };
  return std::visit(Visitor{}, body);
}

std::optional<AgentState> parse_agent_state(const std::string& s) {
  return lookup(kStates, s);
}
std::optional<NotReadyReason> parse_not_ready_reason(const std::string& s) {
  return lookup(kReasons, s);
}
std::optional<CallTag> parse_call_tag(const std::string& s) {
  return lookup(kTags, s);
}
std::optional<NodeKind> parse_node_kind(const std::string& s) {
  return lookup(kKinds, s);
}
std::optional<NodeStatus> parse_node_status(const std::string& s) {
  return lookup(kStatuses, s);
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
