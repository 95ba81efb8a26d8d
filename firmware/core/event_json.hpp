// Events as JSON (contract sec. 3.2): written into batches, read from the line
// feed an ACD bridge pipes into a node (one object a line, without `seq`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/event.hpp"
#include "core/json_reader.hpp"
#include "core/json_writer.hpp"

namespace vigie::fw {

// Writes "ts", "type" and the type's fields, in the contract's order, as members
// of an object the caller has opened (the batch puts "seq" first).
void write_event_members(JsonWriter& out, const Event& event);

// The longest JSON an event can take inside a batch, "seq" and braces included.
constexpr std::size_t kMaxEventJson = 1400;

struct EventLineError {
  const char* field = "";   // the member at fault, "" if none
  const char* reason = "";  // what is wrong with it
  std::size_t offset = 0;   // byte offset in the line
};

// Parses one event object and checks it (check_event). Unknown members and
// `seq` are refused: a bridge should learn at once that a field is ignored.
bool read_event_line(std::string_view line, Event& event, EventLineError& error);

// A feed may also carry {"until":T}, T a non-negative integer in ms: no later
// line will have a ts below T (a watermark, contract sec. 3.4).
enum class UntilLine : std::uint8_t {
  absent,  // no "until" member: read the line as an event
  ok,      // until_ms is set
  bad      // an "until" line, but not exactly {"until":T}; `error` says why
};
UntilLine read_until_line(std::string_view line, std::int64_t& until_ms, EventLineError& error);

}  // namespace vigie::fw
