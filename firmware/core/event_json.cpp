#include "core/event_json.hpp"

#include <cstdint>
#include <initializer_list>

namespace vigie::fw {
namespace {

// ---- writing ----

void write_optional_id(JsonWriter& out, const char* name, const Id& id) {
  if (id.empty()) return;
  out.key(name);
  out.string(id.view());
}

void write_optional_centi(JsonWriter& out, const char* name, const OptionalCenti& v) {
  if (!v.present) return;
  out.key(name);
  out.centi(v.value);
}

void write_agent_state(JsonWriter& out, const AgentStateChange& e) {
  out.key("agent");
  out.string(e.agent.view());
  out.key("team");
  out.string(e.team.view());
  out.key("state");
  out.string(state_name(e.state));
  if (e.reason != NotReadyReason::none) {
    out.key("reason");
    out.string(reason_name(e.reason));
  }
  write_optional_id(out, "call", e.call);
  write_optional_id(out, "queue", e.queue);
}

void write_call_tag(JsonWriter& out, const CallTagged& e) {
  out.key("agent");
  out.string(e.agent.view());
  out.key("call");
  out.string(e.call.view());
  out.key("tags");
  out.begin_array();
  for (CallTagBit bit : {kTagDifficult, kTagAbusive, kTagAcousticShock})
    if ((e.tags & bit) != 0) out.string(tag_name(bit));
  out.end_array();
}

void write_shift(JsonWriter& out, const ShiftScheduled& e) {
  out.key("agent");
  out.string(e.agent.view());
  out.key("team");
  out.string(e.team.view());
  out.key("shift");
  out.string(e.shift.view());
  out.key("start");
  out.i64(e.start);
  out.key("end");
  out.i64(e.end);
  if (e.break_count > 0) {
    out.key("breaks");
    out.begin_array();
    for (std::size_t i = 0; i < e.break_count && i < kMaxBreaks; ++i) {
      out.begin_object();
      out.key("start");
      out.i64(e.breaks[i].start);
      out.key("end");
      out.i64(e.breaks[i].end);
      out.key("kind");
      out.string(e.breaks[i].kind.view());
      out.end_object();
    }
    out.end_array();
  }
  out.key("published");
  out.i64(e.published);
}

void write_env(JsonWriter& out, const EnvSample& e) {
  out.key("zone");
  out.string(e.zone.view());
  out.key("window_s");
  out.centi(e.window_s);
  write_optional_centi(out, "laeq_db", e.laeq_db);
  write_optional_centi(out, "l50_db", e.l50_db);
  write_optional_centi(out, "lpeak_db", e.lpeak_db);
  write_optional_centi(out, "temp_c", e.temp_c);
  write_optional_centi(out, "co2_ppm", e.co2_ppm);
}

// ---- reading ----

// Every member a line may carry, as a bit, so each type states in one row which
// members it requires and which it allows.
enum Field : std::uint32_t {
  kTs = 1u << 0,
  kType = 1u << 1,
  kAgent = 1u << 2,
  kTeam = 1u << 3,
  kState = 1u << 4,
  kReason = 1u << 5,
  kCall = 1u << 6,
  kQueue = 1u << 7,
  kTags = 1u << 8,
  kShift = 1u << 9,
  kStart = 1u << 10,
  kEnd = 1u << 11,
  kBreaks = 1u << 12,
  kPublished = 1u << 13,
  kZone = 1u << 14,
  kWindow = 1u << 15,
  kLaeq = 1u << 16,
  kL50 = 1u << 17,
  kLpeak = 1u << 18,
  kTemp = 1u << 19,
  kCo2 = 1u << 20,
};

struct FieldName {
  const char* name;
  Field field;
};

constexpr FieldName kFields[] = {
    {"ts", kTs},         {"type", kType},           {"agent", kAgent},    {"team", kTeam},
    {"state", kState},   {"reason", kReason},       {"call", kCall},      {"queue", kQueue},
    {"tags", kTags},     {"shift", kShift},         {"start", kStart},    {"end", kEnd},
    {"breaks", kBreaks}, {"published", kPublished}, {"zone", kZone},      {"window_s", kWindow},
    {"laeq_db", kLaeq},  {"l50_db", kL50},          {"lpeak_db", kLpeak}, {"temp_c", kTemp},
    {"co2_ppm", kCo2},
};

struct TypeRule {
  EventType type;
  std::uint32_t required;
  std::uint32_t optional;
};

constexpr TypeRule kRules[] = {
    {EventType::agent_state, kTs | kType | kAgent | kTeam | kState, kReason | kCall | kQueue},
    {EventType::call_tag, kTs | kType | kAgent | kCall | kTags, 0},
    {EventType::schedule_shift, kTs | kType | kAgent | kTeam | kShift | kStart | kEnd | kPublished,
     kBreaks},
    {EventType::env_sample, kTs | kType | kZone | kWindow, kLaeq | kL50 | kLpeak | kTemp | kCo2},
};

const char* field_name(Field f) {
  for (const auto& entry : kFields)
    if (entry.field == f) return entry.name;
  return "";
}

bool find_field(std::string_view name, Field& out) {
  for (const auto& entry : kFields) {
    if (name == entry.name) {
      out = entry.field;
      return true;
    }
  }
  return false;
}

// Everything a line may hold, before the type decides what it means.
struct Members {
  std::uint32_t seen = 0;
  TimestampMs ts = 0;
  EventType type = EventType::agent_state;
  Id agent, team, call, queue, shift, zone;
  AgentState state = AgentState::logged_out;
  NotReadyReason reason = NotReadyReason::none;
  std::uint8_t tags = 0;
  TimestampMs start = 0, end = 0, published = 0;
  PlannedBreak breaks[kMaxBreaks];
  std::uint8_t break_count = 0;
  Centi window_s = 0;
  OptionalCenti laeq, l50, lpeak, temp, co2;
};

class LineParser {
 public:
  LineParser(std::string_view line, EventLineError& error)
      : json_(line.data(), line.size()), error_(error) {}

  bool parse(Members& m) {
    if (!json_.begin_object()) return syntax("");
    while (json_.next_member()) {
      std::string_view name = json_.key();
      Field field;
      if (name == "seq") return semantic("seq", "assigned by the node, leave it out");
      if (!find_field(name, field)) return semantic("", "unknown member");
      current_ = field_name(field);
      if ((m.seen & field) != 0) return semantic(current_, "given twice");
      m.seen |= field;
      if (!read_member(field, m)) return false;
    }
    if (!json_.finish()) return syntax("");  // between members: no field to blame
    return true;
  }

  bool semantic(const char* field, const char* reason) {
    error_.field = field;
    error_.reason = reason;
    error_.offset = json_.error_offset();
    json_.fail(reason);
    error_.offset = json_.error_offset();
    return false;
  }

 private:
  bool syntax(const char* field) {
    error_.field = field;
    error_.reason = json_.error();
    error_.offset = json_.error_offset();
    return false;
  }

  template <std::size_t N>
  bool text(FixedString<N>& out) {
    return json_.read_string(out) || syntax(current_);
  }

  bool id(Id& out) {
    if (!text(out)) return false;
    if (!is_valid_id(out.view()))
      return semantic(current_, "not a valid ID (1-64 of A-Za-z0-9._-)");
    return true;
  }

  bool integer(std::int64_t& out) { return json_.read_i64(out) || syntax(current_); }
  bool decimal(std::int64_t& out) { return json_.read_centi(out) || syntax(current_); }
  bool decimal(OptionalCenti& out) {
    out.present = true;
    return decimal(out.value);
  }

  bool name_of_enum(FixedString<32>& word) { return text(word); }

  bool read_member(Field field, Members& m) {
    FixedString<32> word;
    switch (field) {
      case kTs:
        return integer(m.ts);
      case kType:
        if (!name_of_enum(word)) return false;
        return parse_type(word.view(), m.type) || semantic(current_, "unknown event type");
      case kAgent:
        return id(m.agent);
      case kTeam:
        return id(m.team);
      case kCall:
        return id(m.call);
      case kQueue:
        return id(m.queue);
      case kShift:
        return id(m.shift);
      case kZone:
        return id(m.zone);
      case kState:
        if (!name_of_enum(word)) return false;
        return parse_state(word.view(), m.state) || semantic(current_, "unknown agent state");
      case kReason:
        if (!name_of_enum(word)) return false;
        return parse_reason(word.view(), m.reason) || semantic(current_, "unknown reason");
      case kTags:
        return read_tags(m.tags);
      case kStart:
        return integer(m.start);
      case kEnd:
        return integer(m.end);
      case kPublished:
        return integer(m.published);
      case kBreaks:
        return read_breaks(m);
      case kWindow:
        return decimal(m.window_s);
      case kLaeq:
        return decimal(m.laeq);
      case kL50:
        return decimal(m.l50);
      case kLpeak:
        return decimal(m.lpeak);
      case kTemp:
        return decimal(m.temp);
      case kCo2:
        return decimal(m.co2);
    }
    return semantic(current_, "unknown member");
  }

  bool read_tags(std::uint8_t& tags) {
    if (!json_.begin_array()) return syntax(current_);
    while (json_.next_element()) {
      FixedString<32> word;
      if (!text(word)) return false;
      CallTagBit bit;
      if (!parse_tag(word.view(), bit)) return semantic(current_, "unknown tag");
      if ((tags & bit) != 0) return semantic(current_, "repeated tag");
      tags = static_cast<std::uint8_t>(tags | bit);
    }
    return json_.ok() || syntax(current_);
  }

  bool read_breaks(Members& m) {
    if (!json_.begin_array()) return syntax(current_);
    while (json_.next_element()) {
      if (m.break_count == kMaxBreaks) return semantic(current_, "too many breaks");
      PlannedBreak& b = m.breaks[m.break_count++];
      if (!json_.begin_object()) return syntax(current_);
      unsigned seen = 0;
      while (json_.next_member()) {
        std::string_view name = json_.key();
        if (name == "start" && !(seen & 1)) {
          seen |= 1;
          if (!integer(b.start)) return false;
        } else if (name == "end" && !(seen & 2)) {
          seen |= 2;
          if (!integer(b.end)) return false;
        } else if (name == "kind" && !(seen & 4)) {
          seen |= 4;
          if (!text(b.kind)) return false;
        } else {
          return semantic(current_, "a break holds start, end and kind, once each");
        }
      }
      if (!json_.ok()) return syntax(current_);
      if (seen != 7) return semantic(current_, "a break needs start, end and kind");
    }
    return json_.ok() || syntax(current_);
  }

  JsonReader json_;
  EventLineError& error_;
  const char* current_ = "";
};

bool build_event(const Members& m, Event& event, LineParser& parser) {
  if ((m.seen & kType) == 0) return parser.semantic("type", "missing");
  const TypeRule* rule = nullptr;
  for (const auto& r : kRules)
    if (r.type == m.type) rule = &r;
  if (rule == nullptr) return parser.semantic("type", "unknown event type");
  for (const auto& entry : kFields) {
    if ((rule->required & entry.field) != 0 && (m.seen & entry.field) == 0)
      return parser.semantic(entry.name, "missing");
    if ((m.seen & entry.field) != 0 && ((rule->required | rule->optional) & entry.field) == 0)
      return parser.semantic(entry.name, "not a member of this event type");
  }

  event = Event{};
  event.ts = m.ts;
  event.type = m.type;
  switch (m.type) {
    case EventType::agent_state:
      event.agent_state = AgentStateChange{m.agent, m.team, m.state, m.reason, m.call, m.queue};
      break;
    case EventType::call_tag:
      event.call_tag = CallTagged{m.agent, m.call, m.tags};
      break;
    case EventType::schedule_shift: {
      ShiftScheduled& s = event.shift;
      s.agent = m.agent;
      s.team = m.team;
      s.shift = m.shift;
      s.start = m.start;
      s.end = m.end;
      s.published = m.published;
      s.break_count = m.break_count;
      for (std::size_t i = 0; i < m.break_count; ++i) s.breaks[i] = m.breaks[i];
      break;
    }
    case EventType::env_sample:
      event.env = EnvSample{m.zone, m.window_s, m.laeq, m.l50, m.lpeak, m.temp, m.co2};
      break;
  }
  if (const char* problem = check_event(event)) return parser.semantic("", problem);
  return true;
}

}  // namespace

void write_event_members(JsonWriter& out, const Event& event) {
  out.key("ts");
  out.i64(event.ts);
  out.key("type");
  out.string(type_name(event.type));
  switch (event.type) {
    case EventType::agent_state:
      write_agent_state(out, event.agent_state);
      break;
    case EventType::call_tag:
      write_call_tag(out, event.call_tag);
      break;
    case EventType::schedule_shift:
      write_shift(out, event.shift);
      break;
    case EventType::env_sample:
      write_env(out, event.env);
      break;
  }
}

bool read_event_line(std::string_view line, Event& event, EventLineError& error) {
  error = EventLineError{};
  Members members;
  LineParser parser(line, error);
  if (!parser.parse(members)) return false;
  return build_event(members, event, parser);
}

namespace {

// Whether the object on the line names "until" anywhere; a line that is not an
// object at all is left to the event reader, which reports the syntax error.
bool names_until(std::string_view line) {
  JsonReader json(line.data(), line.size());
  if (!json.begin_object()) return false;
  while (json.next_member()) {
    if (json.key() == "until") return true;
    if (!json.skip_value()) return false;
  }
  return false;
}

// Keeps the reader's first error, which names the real fault (a syntax error
// comes before any rule of ours).
UntilLine until_error(JsonReader& json, const char* reason, EventLineError& error) {
  json.fail(reason);
  error.field = "until";
  error.reason = json.error();
  error.offset = json.error_offset();
  return UntilLine::bad;
}

}  // namespace

UntilLine read_until_line(std::string_view line, std::int64_t& until_ms, EventLineError& error) {
  error = EventLineError{};
  if (!names_until(line)) return UntilLine::absent;
  constexpr const char* kAlone = "an until line holds \"until\" and nothing else";
  JsonReader json(line.data(), line.size());
  json.begin_object();
  if (!json.next_member() || json.key() != "until") return until_error(json, kAlone, error);
  std::uint64_t value = 0;
  if (!json.read_u64(value)) return until_error(json, "", error);
  if (value > static_cast<std::uint64_t>(INT64_MAX))
    return until_error(json, "integer out of range", error);
  if (json.next_member()) return until_error(json, kAlone, error);
  if (!json.finish()) return until_error(json, "", error);
  until_ms = static_cast<std::int64_t>(value);
  return UntilLine::ok;
}

}  // namespace vigie::fw
