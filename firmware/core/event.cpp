#include "core/event.hpp"

#include "core/wire_vocabulary.hpp"

namespace vigie::fw {
namespace {

template <typename E>
struct Name {
  const char* text = nullptr;
  E value{};
};

template <typename E, std::size_t N>
struct Names {
  Name<E> entries[N];
};

// The contract's words (core/wire_vocabulary.hpp) paired with this side's values: the
// i-th word names the value FIRST + i, or 1 << i for bits.
template <typename E, std::size_t N>
constexpr Names<E, N> names(const char* const (&words)[N], int first, bool bits = false) {
  Names<E, N> out{};
  for (std::size_t i = 0; i < N; ++i)
    out.entries[i] = {words[i], static_cast<E>(bits ? 1 << i : first + static_cast<int>(i))};
  return out;
}

static_assert(static_cast<std::size_t>(EventType::env_sample) == wire::count(wire::kEventTypes));
static_assert(static_cast<std::size_t>(AgentState::not_ready) + 1 ==
              wire::count(wire::kAgentStates));
static_assert(static_cast<std::size_t>(NotReadyReason::other) ==
              wire::count(wire::kNotReadyReasons));
static_assert(kAllCallTags + 1 == 1u << wire::count(wire::kCallTags));
static_assert(static_cast<std::size_t>(NodeKind::sensor) + 1 == wire::count(wire::kNodeKinds));

constexpr auto kTypes = names<EventType>(wire::kEventTypes, 1);
constexpr auto kStates = names<AgentState>(wire::kAgentStates, 0);
constexpr auto kReasons = names<NotReadyReason>(wire::kNotReadyReasons, 1);
constexpr auto kTags = names<CallTagBit>(wire::kCallTags, 0, true);
constexpr auto kKinds = names<NodeKind>(wire::kNodeKinds, 0);

template <typename E, std::size_t N>
const char* name_of(const Names<E, N>& table, E value, const char* missing) {
  for (const auto& entry : table.entries)
    if (entry.value == value) return entry.text;
  return missing;
}

template <typename E, std::size_t N>
bool lookup(const Names<E, N>& table, std::string_view text, E& out) {
  for (const auto& entry : table.entries) {
    if (text == entry.text) {
      out = entry.value;
      return true;
    }
  }
  return false;
}

bool is_break_kind(const BreakKind& kind) {
  return !kind.empty() && is_valid_id(kind.view());
}

bool optional_id_ok(const Id& id) {
  return id.empty() || is_valid_id(id.view());
}

const char* check_agent_state(const AgentStateChange& e) {
  if (!is_valid_id(e.agent.view())) return "agent: not a valid ID";
  if (!is_valid_id(e.team.view())) return "team: not a valid ID";
  if (name_of(kStates, e.state, nullptr) == nullptr) return "state: unknown";
  if (e.reason != NotReadyReason::none) {
    if (e.state != AgentState::not_ready) return "reason: only with state not_ready";
    if (name_of(kReasons, e.reason, nullptr) == nullptr) return "reason: unknown";
  }
  if (!optional_id_ok(e.call)) return "call: not a valid ID";
  if (!optional_id_ok(e.queue)) return "queue: not a valid ID";
  return nullptr;
}

const char* check_call_tag(const CallTagged& e) {
  if (!is_valid_id(e.agent.view())) return "agent: not a valid ID";
  if (!is_valid_id(e.call.view())) return "call: not a valid ID";
  if (e.tags == 0) return "tags: at least one tag is required";
  if ((e.tags & ~kAllCallTags) != 0) return "tags: unknown tag";
  return nullptr;
}

const char* check_shift(const ShiftScheduled& e) {
  if (!is_valid_id(e.agent.view())) return "agent: not a valid ID";
  if (!is_valid_id(e.team.view())) return "team: not a valid ID";
  if (!is_valid_id(e.shift.view())) return "shift: not a valid ID";
  if (e.end <= e.start) return "end: not after start";
  if (e.break_count > kMaxBreaks) return "breaks: too many";
  for (std::size_t i = 0; i < e.break_count; ++i) {
    const PlannedBreak& b = e.breaks[i];
    if (b.end <= b.start) return "breaks: end not after start";
    if (!is_break_kind(b.kind)) return "breaks: kind is not a valid name";
  }
  return nullptr;
}

const char* check_env(const EnvSample& e) {
  if (!is_valid_id(e.zone.view())) return "zone: not a valid ID";
  if (e.window_s <= 0) return "window_s: must be positive";
  if (!e.laeq_db.present && !e.l50_db.present && !e.lpeak_db.present && !e.temp_c.present &&
      !e.co2_ppm.present)
    return "env.sample: carries no measurement";
  return nullptr;
}

}  // namespace

const char* type_name(EventType t) {
  return name_of(kTypes, t, "?");
}
const char* state_name(AgentState s) {
  return name_of(kStates, s, "?");
}
const char* reason_name(NotReadyReason r) {
  return name_of(kReasons, r, "");
}
const char* tag_name(CallTagBit bit) {
  return name_of(kTags, bit, "?");
}
const char* kind_name(NodeKind k) {
  return name_of(kKinds, k, "?");
}

bool parse_type(std::string_view text, EventType& out) {
  return lookup(kTypes, text, out);
}
bool parse_state(std::string_view text, AgentState& out) {
  return lookup(kStates, text, out);
}
bool parse_reason(std::string_view text, NotReadyReason& out) {
  return lookup(kReasons, text, out);
}
bool parse_tag(std::string_view text, CallTagBit& out) {
  return lookup(kTags, text, out);
}
bool parse_kind(std::string_view text, NodeKind& out) {
  return lookup(kKinds, text, out);
}

const char* check_event(const Event& event) {
  if (event.ts < 0) return "ts: negative";
  switch (event.type) {
    case EventType::agent_state:
      return check_agent_state(event.agent_state);
    case EventType::call_tag:
      return check_call_tag(event.call_tag);
    case EventType::schedule_shift:
      return check_shift(event.shift);
    case EventType::env_sample:
      return check_env(event.env);
  }
  return "type: unknown";
}

}  // namespace vigie::fw
