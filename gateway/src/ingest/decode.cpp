#include "ingest/decode.hpp"

#include <deque>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_set>

#include "ingest/agent_roster.hpp"

namespace vigie::ingest {
namespace {

// Objects keep their members in a vector, in the node's order: a node's object has a few
// members, and a map would allocate one node for each (issue 15: decoding's share of a
// message). A rejected event's text (dump()) therefore keeps the node's order too.
using json = nlohmann::ordered_json;

// Thrown inside this file only, caught at each decode entry point.
struct Invalid {
  std::string reason;
  RefusalKind kind = RefusalKind::invalid;
};

constexpr std::int64_t kMaxTs = 253402300799999;  // 9999-12-31T23:59:59.999Z

const json& require(const json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) throw Invalid{where + "missing field '" + key + "'"};
  return *it;
}

// A string no longer than max bytes; longer is refused before anything reads it.
std::string bounded_string(const json& v, const char* key, const std::string& where,
                           std::size_t max) {
  if (!v.is_string()) throw Invalid{where + "'" + key + "' must be a string"};
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() > max)
    throw Invalid{where + "'" + key + "' is " + std::to_string(s.size()) + " bytes long (at most " +
                      std::to_string(max) + ")",
                  RefusalKind::string_too_long};
  return s;
}

std::string word_field(const json& obj, const char* key, const std::string& where) {
  return bounded_string(require(obj, key, where), key, where, kMaxWordChars);
}

std::string id_field(const json& obj, const char* key, const std::string& where) {
  auto s = bounded_string(require(obj, key, where), key, where, kMaxIdChars);
  if (!is_valid_id(s)) throw Invalid{where + "'" + key + "' must be 1-64 chars of [A-Za-z0-9._-]"};
  return s;
}

std::optional<std::string> optional_id(const json& obj, const char* key, const std::string& where) {
  if (!obj.contains(key) || obj[key].is_null()) return std::nullopt;
  return id_field(obj, key, where);
}

std::int64_t time_field(const json& obj, const char* key, const std::string& where) {
  const auto& v = require(obj, key, where);
  if (!v.is_number_integer())
    throw Invalid{where + "'" + key + "' must be an integer (ms since the Unix epoch)"};
  if (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxTs)
                             : (v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > kMaxTs))
    throw Invalid{where + "'" + key + "' is out of range"};
  return v.get<std::int64_t>();
}

std::optional<double> optional_number(const json& obj, const char* key, const std::string& where,
                                      double lo, double hi) {
  if (!obj.contains(key) || obj[key].is_null()) return std::nullopt;
  const auto& v = obj[key];
  if (!v.is_number()) throw Invalid{where + "'" + key + "' must be a number"};
  const double d = v.get<double>();
  if (!(d >= lo && d <= hi))
    throw Invalid{where + "'" + key + "' must be between " + std::to_string(lo) + " and " +
                  std::to_string(hi)};
  return d;
}

std::string epoch_field(const json& obj, const std::string& where) {
  const auto& v = require(obj, "epoch", where);
  if (!v.is_string() || !is_valid_epoch(bounded_string(v, "epoch", where, 16)))
    throw Invalid{where + "'epoch' must be a string of 16 hex digits"};
  return v.get<std::string>();
}

void check_version(const json& obj) {
  const auto& v = require(obj, "v", "");
  if (!v.is_number_integer()) throw Invalid{"'v' must be an integer"};
  if (v.get<std::int64_t>() != 1)
    throw Invalid{"unsupported version v=" + v.dump() + " (this gateway speaks v=1)"};
}

void check_node(const json& obj, const std::string& topic_node) {
  const auto node = id_field(obj, "node", "");
  if (node != topic_node)
    throw Invalid{"payload names node '" + node + "' but the topic is node '" + topic_node + "'"};
}

// The member names of one open object. A node sends a few: those are compared one by one;
// past kFew a hash set keeps a hostile object of thousands of members linear.
class MemberNames {
 public:
  // False if NAME is already there.
  bool insert(const std::string& name) {
    if (!many_.empty()) return many_.insert(name).second;
    for (const auto& n : few_)
      if (n == name) return false;
    if (few_.size() < kFew) {
      few_.push_back(name);
      return true;
    }
    many_.insert(few_.begin(), few_.end());
    few_.clear();
    return many_.insert(name).second;
  }
  void clear() {
    few_.clear();
    many_.clear();
  }

 private:
  static constexpr std::size_t kFew = 16;
  std::vector<std::string> few_;
  std::unordered_set<std::string> many_;
};

// What reading the text found wrong besides its syntax: members named twice.
struct Duplicates {
  std::optional<std::string> outside_events;  // the first one outside the events' objects
  // The first one inside each event, by index in "events", in increasing index.
  std::vector<std::pair<std::size_t, std::string>> in_event;
};

// Where the text is not JSON, in our words (the library's own messages name its internals).
struct SyntaxError {
  std::size_t position = 0;  // bytes read when it stopped, counted from 1
  std::string what;
};

// Builds the document as json::parse does, noting every member named twice, and where: in
// the top-level object, or inside one element of its "events" array. What names a member
// twice is refused, so the document keeps the first value and drops the later ones.
// A SAX handler for json::sax_parse.
class DocumentReader {
 public:
  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(json::number_integer_t v) { return put(v); }
  bool number_unsigned(json::number_unsigned_t v) { return put(v); }
  bool number_float(json::number_float_t v, const json::string_t&) { return put(v); }
  bool string(json::string_t& v) { return put(std::move(v)); }
  bool binary(json::binary_t&) { return false; }  // not in JSON text
  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(json::string_t& name) {
    Frame& f = frames_[depth_ - 1];
    if (depth_ == 1) in_events_key_ = name == "events";
    if (!f.names.insert(name)) {
      // Refused (the message, or the event it is in): its value is read into a slot of
      // its own and dropped, the first value kept. Looking the name up in the object
      // would make thousands of repeated names quadratic.
      note_duplicate(name);
      member_ = &discarded_.emplace_back();
      return true;
    }
    // A new name: appended without the vector's search, so that a hostile object of
    // thousands of members stays linear (MemberNames said it is new).
    auto& members = static_cast<Members&>(f.value->get_ref<json::object_t&>());
    members.emplace_back(std::move(name), nullptr);
    member_ = &members.back().second;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) {
    error_ = SyntaxError{position, describe(ex)};
    return false;
  }

  json& document() { return root_; }
  const Duplicates& duplicates() const { return duplicates_; }
  const std::optional<SyntaxError>& error() const { return error_; }

 private:
  using Members = std::vector<std::pair<const std::string, json>>;  // ordered_map's base
  struct Frame {
    json* value = nullptr;
    MemberNames names;
    bool is_events = false;  // the top-level object's "events" array
    std::size_t items = 0;   // elements so far, for an array
  };

  // Where the next value goes: the root, the next element, or the member just named.
  json* slot() {
    if (depth_ == 0) return &root_;
    Frame& f = frames_[depth_ - 1];
    if (!f.value->is_array()) return member_;
    if (f.is_events) event_ = f.items;
    ++f.items;
    auto& elements = f.value->get_ref<json::array_t&>();
    elements.emplace_back();
    return &elements.back();
  }
  bool put(json v) {
    *slot() = std::move(v);
    return true;
  }
  bool open(json empty) {
    json* at = slot();
    *at = std::move(empty);
    if (frames_.size() == depth_) frames_.emplace_back();
    Frame& f = frames_[depth_];
    f.value = at;
    // An event has about six members: one allocation for them, not one a member.
    if (at->is_object()) static_cast<Members&>(at->get_ref<json::object_t&>()).reserve(8);
    f.names.clear();
    f.is_events = depth_ == 1 && in_events_key_ && at->is_array();
    f.items = 0;
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }
  void note_duplicate(const std::string& name) {
    // Deeper than the events array: inside the element being read.
    if (depth_ > 2 && frames_[1].is_events) {
      if (duplicates_.in_event.empty() || duplicates_.in_event.back().first != event_)
        duplicates_.in_event.emplace_back(event_, name);
    } else if (!duplicates_.outside_events) {
      duplicates_.outside_events = name;
    }
  }
  // The library's message ("... - unexpected X; expected Y"), told in plain words; the
  // position is said by the caller. "end": the text stops before the value is complete.
  static std::string describe(const nlohmann::detail::exception& ex) {
    const std::string m = ex.what();
    const auto says = [&m](const char* words) { return m.find(words) != std::string::npos; };
    const auto at = m.find("; expected ");
    const std::string expected = at == std::string::npos ? "" : m.substr(at + 11);
    const auto expects = [&expected](const char* what) { return expected.rfind(what, 0) == 0; };
    if (ex.id == 406 || says("number overflow")) return "a number too large to represent";
    if (says("unexpected end of input") || says("missing closing quote")) return "end";
    if (says("control character")) return "a control character in a string must be escaped";
    if (says("forbidden character after backslash")) return "an unknown escape in a string";
    if (says("surrogate") || says("must be followed by 4 hex digits") || says("code point"))
      return "a malformed \\u escape in a string";
    if (says("ill-formed UTF-8")) return "a string that is not UTF-8";
    if (says("invalid number")) return "a malformed number";
    if (expects("end of input")) return "text after the end of the JSON value";
    if (expects("string literal")) return "a member name in double quotes was expected";
    if (expects("':'")) return "':' was expected after the member name";
    if (expects("'}'")) return "',' or '}' was expected";
    if (expects("']'")) return "',' or ']' was expected";
    if (expects("'[', '{', or a literal")) return "a value was expected";
    if (says("invalid literal")) return "an unknown word; JSON knows true, false and null";
    return "unexpected text";
  }

  json root_;
  std::deque<json> discarded_;  // values of repeated names (addresses stay put as it grows)
  std::vector<Frame> frames_;   // kept between objects: their name lists keep their memory
  std::size_t depth_ = 0;
  json* member_ = nullptr;
  bool in_events_key_ = false;
  std::size_t event_ = 0;  // the events element being read
  Duplicates duplicates_;
  std::optional<SyntaxError> error_;
};

std::string duplicate_reason(const std::string& name) {
  // Quoted as JSON, so a name with quotes or control characters reads as one.
  return "duplicate member " +
         json(clip(name, 64)).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Element INDEX of the top-level object's "events" array as the node wrote it (the document
// keeps only the first of two same-named members: its text would hide the second). Nullopt if
// it cannot be told apart (an escaped "events" name), for the caller to fall back on.
std::optional<std::string_view> event_text(std::string_view text, std::size_t index) {
  constexpr auto none = std::string_view::npos;
  std::size_t depth = 0, element = 0, start = none, last = none;
  bool in_events = false;
  std::string_view last_string;  // at depth 1, the name before a '[' is the array's
  const auto found = [&]() { return text.substr(start, last + 1 - start); };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    const bool element_level = in_events && depth == 2;
    if (element_level && start == none && c != ',' && c != ']') start = i;
    if (c == '"') {
      std::size_t end = i + 1;
      while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
      if (depth == 1) last_string = text.substr(i + 1, end - i - 1);
      i = std::min(end, text.size() - 1);
    } else if (c == '[' || c == '{') {
      if (depth == 1) in_events = c == '[' && last_string == "events";
      ++depth;
    } else if (c == ']' || c == '}') {
      if (element_level && element == index && start != none) return found();
      if (depth > 0) --depth;
      if (depth == 1) in_events = false;
    } else if (c == ',' && element_level) {
      if (element == index && start != none) return found();
      ++element;
      start = none;
      continue;
    }
    if (in_events && depth >= 2 && start != none) last = i;
  }
  return std::nullopt;
}

// Parses the outer document; refuses what is not a JSON object in UTF-8 within the size limit.
// A member named twice outside the events' objects refuses the message; those inside an event
// are left in PER_EVENT for the batch to reject that event alone (null: refused too).
json parse_object(std::string_view payload, Duplicates* per_event = nullptr) {
  if (payload.size() > kMaxPayloadBytes)
    throw Invalid{"payload of " + std::to_string(payload.size()) + " bytes exceeds the limit of " +
                      std::to_string(kMaxPayloadBytes),
                  RefusalKind::payload_too_large};
  if (!is_valid_utf8(payload)) throw Invalid{"payload is not valid UTF-8"};
  // Serialising a deeply nested value (a rejected event's raw text) recurses once per level.
  if (nests_deeper_than(payload, kMaxJsonDepth))
    throw Invalid{
        "payload nests objects and arrays deeper than " + std::to_string(kMaxJsonDepth) + " levels",
        RefusalKind::nesting_too_deep};
  if (payload.empty()) throw Invalid{"not valid JSON (the payload is empty)"};
  DocumentReader reader;
  const bool read = json::sax_parse(payload.begin(), payload.end(), &reader,
                                    json::input_format_t::json, true, false);
  if (!read) {
    const SyntaxError e = reader.error().value_or(SyntaxError{0, "unexpected text"});
    if (e.what == "end")
      throw Invalid{"not valid JSON (the text ends at byte " + std::to_string(payload.size()) +
                    " before the JSON value is complete)"};
    throw Invalid{"not valid JSON (at byte " + std::to_string(e.position) + ": " + e.what + ")"};
  }
  const auto& dup = reader.duplicates();
  if (dup.outside_events) throw Invalid{duplicate_reason(*dup.outside_events)};
  if (!dup.in_event.empty() && !per_event) throw Invalid{duplicate_reason(dup.in_event[0].second)};
  if (!reader.document().is_object()) throw Invalid{"payload must be a JSON object"};
  if (per_event) *per_event = dup;
  return std::move(reader.document());
}

AgentStateChange decode_agent_state(const json& e, const std::string& w) {
  AgentStateChange a;
  a.agent = id_field(e, "agent", w);
  a.team = id_field(e, "team", w);
  const auto st = word_field(e, "state", w);
  auto state = parse_agent_state(st);
  if (!state) throw Invalid{w + "unknown state '" + st + "'"};
  a.state = *state;
  if (e.contains("reason") && !e["reason"].is_null()) {
    if (a.state != AgentState::not_ready)
      throw Invalid{w + "'reason' is only allowed with state not_ready"};
    const auto reason = bounded_string(e["reason"], "reason", w, kMaxWordChars);
    auto r = parse_not_ready_reason(reason);
    if (!r) throw Invalid{w + "unknown reason '" + reason + "'"};
    a.reason = *r;
  }
  a.call = optional_id(e, "call", w);
  a.queue = optional_id(e, "queue", w);
  return a;
}

CallTagged decode_call_tag(const json& e, const std::string& w) {
  CallTagged c;
  c.agent = id_field(e, "agent", w);
  c.call = id_field(e, "call", w);
  const auto& tags = require(e, "tags", w);
  if (!tags.is_array() || tags.empty()) throw Invalid{w + "'tags' must be a non-empty array"};
  std::set<CallTag> seen;
  for (const auto& t : tags) {
    if (!t.is_string()) throw Invalid{w + "'tags' must hold strings"};
    const auto name = bounded_string(t, "tags", w, kMaxWordChars);
    auto tag = parse_call_tag(name);
    if (!tag) throw Invalid{w + "unknown tag '" + name + "'"};
    if (seen.insert(*tag).second) c.tags.push_back(*tag);
  }
  return c;
}

ShiftScheduled decode_shift(const json& e, const std::string& w) {
  ShiftScheduled s;
  s.agent = id_field(e, "agent", w);
  s.team = id_field(e, "team", w);
  s.shift = id_field(e, "shift", w);
  s.start = time_field(e, "start", w);
  s.end = time_field(e, "end", w);
  if (s.end <= s.start) throw Invalid{w + "'end' must be after 'start'"};
  s.published = time_field(e, "published", w);
  if (e.contains("breaks") && !e["breaks"].is_null()) {
    const auto& breaks = e["breaks"];
    if (!breaks.is_array()) throw Invalid{w + "'breaks' must be an array"};
    if (breaks.size() > 32) throw Invalid{w + "'breaks' holds more than 32 entries"};
    for (std::size_t i = 0; i < breaks.size(); ++i) {
      const std::string bw = w + "breaks[" + std::to_string(i) + "]: ";
      const auto& b = breaks[i];
      if (!b.is_object()) throw Invalid{bw + "must be an object"};
      PlannedBreak pb;
      pb.start = time_field(b, "start", bw);
      pb.end = time_field(b, "end", bw);
      if (pb.end <= pb.start) throw Invalid{bw + "'end' must be after 'start'"};
      pb.kind = id_field(b, "kind", bw);
      s.breaks.push_back(std::move(pb));
    }
  }
  return s;
}

EnvSample decode_env(const json& e, const std::string& w) {
  EnvSample s;
  s.zone = id_field(e, "zone", w);
  auto window = optional_number(e, "window_s", w, 0, 86400);
  if (!window) throw Invalid{w + "missing field 'window_s'"};
  if (*window <= 0) throw Invalid{w + "'window_s' must be positive"};
  s.window_s = *window;
  s.laeq_db = optional_number(e, "laeq_db", w, 0, 200);
  s.l50_db = optional_number(e, "l50_db", w, 0, 200);
  s.lpeak_db = optional_number(e, "lpeak_db", w, 0, 200);
  s.temp_c = optional_number(e, "temp_c", w, -50, 80);
  s.co2_ppm = optional_number(e, "co2_ppm", w, 0, 100000);
  if (!s.laeq_db && !s.l50_db && !s.lpeak_db && !s.temp_c && !s.co2_ppm)
    throw Invalid{w + "carries no measurement"};
  return s;
}

std::uint64_t seq_field(const json& e) {
  const auto& v = require(e, "seq", "");
  // Stored as SQLite INTEGER: 2^63 and past cannot be kept. A float (67.5, 6.7e1, or an
  // integer past 2^64 that the parser could only read as one) is not a seq either.
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() == 0 ||
      v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    throw Invalid{"'seq' must be an integer from 1 to 2^63-1"};
  return v.get<std::uint64_t>();
}

// The batch's watermark (contract sec. 3.4), if it carries one.
std::optional<TimestampMs> until_field(const json& doc) {
  const auto it = doc.find("until");
  if (it == doc.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_unsigned() ||
      it->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    throw Invalid{"'until' must be an integer from 0 to 2^63-1 (ms since the Unix epoch)"};
  return static_cast<TimestampMs>(it->get<std::uint64_t>());
}

EventBody decode_body(const json& e) {
  const auto t = word_field(e, "type", "");
  if (t == "agent.state") return decode_agent_state(e, "");
  if (t == "call.tag") return decode_call_tag(e, "");
  if (t == "schedule.shift") return decode_shift(e, "");
  if (t == "env.sample") return decode_env(e, "");
  throw Invalid{"unknown event type '" + t + "'"};
}

// The agent an event names, if any.
const std::string* agent_of(const EventBody& body) {
  if (const auto* a = std::get_if<AgentStateChange>(&body)) return &a->agent;
  if (const auto* c = std::get_if<CallTagged>(&body)) return &c->agent;
  if (const auto* s = std::get_if<ShiftScheduled>(&body)) return &s->agent;
  return nullptr;
}

template <typename T, typename F>
Decoded<T> guarded(F&& f) {
  try {
    return f();
  } catch (const Invalid& bad) {
    return Refusal{clip(bad.reason, kMaxReasonChars), bad.kind};
  } catch (const json::exception&) {
    // Every check above reads a value only after testing its type: this is a bug, not input.
    return Refusal{"payload could not be read (an unexpected decoding error)"};
  }
}

}  // namespace

bool nests_deeper_than(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

std::string clip(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t end = max;
  // Never cut inside a UTF-8 sequence: back up to the start of the one at the cut.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end)) + "...";
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    int extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++p;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    p += extra + 1;
  }
  return true;
}

Decoded<NodeBirth> decode_birth(std::string_view payload, const std::string& topic_node) {
  return guarded<NodeBirth>([&]() -> NodeBirth {
    const auto doc = parse_object(payload);
    check_version(doc);
    check_node(doc, topic_node);
    NodeBirth b;
    b.node = topic_node;
    b.epoch = epoch_field(doc, "");
    const auto kind = word_field(doc, "kind", "");
    auto k = parse_node_kind(kind);
    if (!k) throw Invalid{"unknown node kind '" + kind + "'"};
    b.kind = *k;
    b.fw = bounded_string(require(doc, "fw", ""), "fw", "", kMaxIdChars);
    if (b.fw.empty()) throw Invalid{"'fw' must be a string of 1-64 chars"};
    b.ts = time_field(doc, "ts", "");
    return b;
  });
}

Decoded<NodeStateReport> decode_state(std::string_view payload) {
  return guarded<NodeStateReport>([&]() -> NodeStateReport {
    const auto doc = parse_object(payload);
    NodeStateReport r;
    const auto st = word_field(doc, "state", "");
    auto s = parse_node_status(st);
    if (!s) throw Invalid{"unknown node state '" + st + "'"};
    r.state = *s;
    r.epoch = epoch_field(doc, "");
    r.ts = time_field(doc, "ts", "");
    return r;
  });
}

Decoded<EventBatch> decode_batch(std::string_view payload, const std::string& topic_node,
                                 AgentRoster* roster) {
  return guarded<EventBatch>([&]() -> EventBatch {
    Duplicates duplicates;
    const auto doc = parse_object(payload, &duplicates);
    check_version(doc);
    check_node(doc, topic_node);
    EventBatch batch;
    batch.node = topic_node;
    batch.epoch = epoch_field(doc, "");
    batch.until = until_field(doc);
    const auto& events = require(doc, "events", "");
    if (!events.is_array()) throw Invalid{"'events' must be an array"};
    if (events.empty() && !batch.until)
      throw Invalid{"'events' is empty (a batch holds 1..1000 events, or none with 'until')"};
    if (events.size() > kMaxBatchEvents)
      throw Invalid{
          "'events' holds " + std::to_string(events.size()) + " events (a batch holds 1..1000)",
          RefusalKind::batch_too_large};
    std::uint64_t last_seq = 0;
    auto duplicate = duplicates.in_event.begin();
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      const std::string where = "events[" + std::to_string(i) + "]: ";
      std::optional<std::uint64_t> seq;
      const std::string* twice = nullptr;  // a member this event names twice
      if (duplicate != duplicates.in_event.end() && duplicate->first == i)
        twice = &(duplicate++)->second;
      try {
        if (!e.is_object()) throw Invalid{"must be an object"};
        // Which of two seqs is the event's cannot be told: neither is consumed.
        if (twice && *twice == "seq") throw Invalid{duplicate_reason(*twice)};
        seq = seq_field(e);
        if (*seq <= last_seq) {
          const auto prev = last_seq;
          seq.reset();  // not this event's to consume: its seq belongs to another
          throw Invalid{"'seq' does not increase (after " + std::to_string(prev) + ")"};
        }
        last_seq = *seq;
        if (twice) throw Invalid{duplicate_reason(*twice)};
        Event ev;
        ev.seq = *seq;
        ev.ts = time_field(e, "ts", "");
        ev.body = decode_body(e);
        const auto* agent = agent_of(ev.body);
        if (roster && agent && !roster->admit(*agent))
          throw Invalid{"too many agents: '" + *agent + "' is new and the gateway already tracks " +
                            std::to_string(roster->max()) + " agents (its limit)",
                        RefusalKind::too_many_agents};
        batch.events.push_back(std::move(ev));
      } catch (const Invalid& bad) {
        // With a member named twice, the document kept one: the node's own text keeps both.
        const auto text = twice ? event_text(payload, i) : std::nullopt;
        batch.rejected.push_back({seq, clip(where + bad.reason, kMaxReasonChars),
                                  text ? std::string(*text) : e.dump(), bad.kind});
      } catch (const json::exception&) {
        batch.rejected.push_back(
            {seq, where + "could not be read (an unexpected decoding error)", e.dump()});
      }
    }
    return batch;
  });
}

}  // namespace vigie::ingest
