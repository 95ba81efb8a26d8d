// The node's events (contract sec. 3.2): what an edge node records and sends.
// Fixed capacities throughout, so an Event can live in static memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/fixed_string.hpp"
#include "core/identifiers.hpp"

namespace vigie::fw {

// Integer milliseconds since the Unix epoch, UTC.
using TimestampMs = std::int64_t;

// Decimal quantities (dB, degrees, ppm, seconds) in hundredths: no floating
// point is needed to store or print them, which keeps printf out of the firmware.
using Centi = std::int64_t;

enum class EventType : std::uint8_t { agent_state = 1, call_tag, schedule_shift, env_sample };

enum class AgentState : std::uint8_t { logged_out, available, talking, hold, wrap_up, not_ready };

// `none` means the field is absent on the wire.
enum class NotReadyReason : std::uint8_t {
  none,
  break_,
  lunch,
  personal,
  training,
  coaching,
  meeting,
  back_office,
  recovery,
  technical,
  other
};

// Call tags as a bit set: each tag appears at most once in a `tags` array.
enum CallTagBit : std::uint8_t {
  kTagDifficult = 1 << 0,
  kTagAbusive = 1 << 1,
  kTagAcousticShock = 1 << 2,
};
constexpr std::uint8_t kAllCallTags = kTagDifficult | kTagAbusive | kTagAcousticShock;

enum class NodeKind : std::uint8_t { acd_bridge, desk, sensor };

struct AgentStateChange {
  Id agent;
  Id team;
  AgentState state = AgentState::logged_out;
  NotReadyReason reason = NotReadyReason::none;  // only with not_ready
  Id call;                                       // empty = absent
  Id queue;                                      // empty = absent
};

struct CallTagged {
  Id agent;
  Id call;
  std::uint8_t tags = 0;  // CallTagBit set, at least one
};

// A break kind ("break", "lunch"...) is a short name of ID characters.
constexpr std::size_t kBreakKindMax = 16;
using BreakKind = FixedString<kBreakKindMax>;

struct PlannedBreak {
  TimestampMs start = 0;
  TimestampMs end = 0;
  BreakKind kind;
};

// A published shift holds a lunch and a few breaks; ten leaves room for
// meetings and trainings planned in as well.
constexpr std::size_t kMaxBreaks = 10;

struct ShiftScheduled {
  Id agent;
  Id team;
  Id shift;
  TimestampMs start = 0;
  TimestampMs end = 0;
  PlannedBreak breaks[kMaxBreaks];
  std::uint8_t break_count = 0;
  TimestampMs published = 0;
};

struct OptionalCenti {
  bool present = false;
  Centi value = 0;
};

struct EnvSample {
  Id zone;
  Centi window_s = 0;
  OptionalCenti laeq_db;
  OptionalCenti l50_db;
  OptionalCenti lpeak_db;
  OptionalCenti temp_c;
  OptionalCenti co2_ppm;
};

// One event before it gets its seq. Only the body named by `type` is meaningful;
// the bodies are not a union so that reading the wrong one is a bug, not UB.
struct Event {
  TimestampMs ts = 0;
  EventType type = EventType::agent_state;
  AgentStateChange agent_state;
  CallTagged call_tag;
  ShiftScheduled shift;
  EnvSample env;
};

// Names as they appear on the wire.
const char* type_name(EventType t);
const char* state_name(AgentState s);
const char* reason_name(NotReadyReason r);  // "" for none
const char* tag_name(CallTagBit bit);
const char* kind_name(NodeKind k);

bool parse_type(std::string_view text, EventType& out);
bool parse_state(std::string_view text, AgentState& out);
bool parse_reason(std::string_view text, NotReadyReason& out);  // never yields none
bool parse_tag(std::string_view text, CallTagBit& out);
bool parse_kind(std::string_view text, NodeKind& out);

// Checks what the contract requires of an event (IDs, enums, ranges) and returns
// nullptr, or a short reason naming the field.
const char* check_event(const Event& event);

}  // namespace vigie::fw
