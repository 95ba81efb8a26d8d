// The compact binary form an event takes inside a journal record. The journal
// stores opaque bytes; this is the only code that knows their layout.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/event.hpp"

namespace vigie::fw {

// Largest encoding: a schedule.shift with every ID and break kind at full length.
constexpr std::size_t kMaxEventRecord =
    2 + 8 + 3 * (1 + kIdMax) + 3 * 8 + 1 + kMaxBreaks * (2 * 8 + 1 + kBreakKindMax);

// Returns the encoded size, or 0 if `capacity` is too small.
std::size_t encode_event_record(const Event& event, std::uint8_t* out, std::size_t capacity);

// Rebuilds an event; false if the bytes are not a well-formed encoding of a
// valid event (check_event passes on every event this returns).
bool decode_event_record(const std::uint8_t* data, std::size_t size, Event& event);

}  // namespace vigie::fw
