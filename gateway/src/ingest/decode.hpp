// Decoding and validation of node payloads (contract.md sec. 3). Nothing here
// throws on bad input: every refusal is a reason a person can read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/event.hpp"

namespace vigie::ingest {

inline constexpr std::size_t kMaxPayloadBytes = 256 * 1024;
inline constexpr std::size_t kMaxBatchEvents = 1000;

struct Refusal {
  std::string reason;
};

template <typename T>
using Decoded = std::variant<T, Refusal>;

// One event of an otherwise valid batch that failed validation. Its seq, when
// readable, is consumed: it opens no gap.
struct RejectedEvent {
  std::optional<std::uint64_t> seq;
  std::string reason;
  std::string raw;  // the event's JSON text
};

struct EventBatch {
  std::string node;
  std::string epoch;
  std::vector<Event> events;  // valid ones, in increasing seq
  std::vector<RejectedEvent> rejected;
  std::size_t size() const { return events.size() + rejected.size(); }
};

// topic_node: the {node} of the topic, which is authoritative.
Decoded<NodeBirth> decode_birth(std::string_view payload, const std::string& topic_node);
Decoded<NodeStateReport> decode_state(std::string_view payload);
Decoded<EventBatch> decode_batch(std::string_view payload, const std::string& topic_node);

bool is_valid_utf8(std::string_view s);

}  // namespace vigie::ingest
