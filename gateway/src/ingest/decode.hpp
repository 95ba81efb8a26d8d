// Decoding and validation of node payloads (contract.md sec. 3). Nothing here
// throws on bad input: every refusal is a reason a person can read, in our own
// words (never the JSON library's). A member named twice in one object is
// refused, since the last would silently win (a second "node" past the topic
// check): in the envelope the message, inside an event that event alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/event.hpp"
#include "ingest/refusal.hpp"

namespace vigie::ingest {

class AgentRoster;

// Bounds on what a node may send; past each, a refusal of its own kind.
inline constexpr std::size_t kMaxPayloadBytes = 256 * 1024;
inline constexpr std::size_t kMaxBatchEvents = 1000;
// Objects and arrays inside one another; a batch needs 5 (events, breaks).
inline constexpr std::size_t kMaxJsonDepth = 16;
// Identifiers (agent, team, node, call...) and the firmware version string.
inline constexpr std::size_t kMaxIdChars = 64;
// Words from a fixed list (type, state, reason, tag, kind): refused unread past this.
inline constexpr std::size_t kMaxWordChars = 32;
// A refusal's reason quotes at most this much of what it refuses.
inline constexpr std::size_t kMaxReasonChars = 512;

struct Refusal {
  std::string reason;
  RefusalKind kind = RefusalKind::invalid;
};

template <typename T>
using Decoded = std::variant<T, Refusal>;

// One event of an otherwise valid batch that failed validation. Its seq, when
// readable, is consumed: it opens no gap.
struct RejectedEvent {
  std::optional<std::uint64_t> seq;
  std::string reason;
  std::string raw;  // the event's JSON text
  RefusalKind kind = RefusalKind::invalid;
};

struct EventBatch {
  std::string node;
  std::string epoch;
  std::vector<Event> events;  // valid ones, in increasing seq
  std::vector<RejectedEvent> rejected;
  // A watermark (contract sec. 3.4): nothing else happened at the node before it.
  std::optional<TimestampMs> until;
  std::size_t size() const { return events.size() + rejected.size(); }
};

// topic_node: the {node} of the topic, which is authoritative.
Decoded<NodeBirth> decode_birth(std::string_view payload, const std::string& topic_node);
Decoded<NodeStateReport> decode_state(std::string_view payload);
// With a roster, an event naming an agent the roster cannot admit is rejected
// (too_many_agents); admitted agents join the roster.
Decoded<EventBatch> decode_batch(std::string_view payload, const std::string& topic_node,
                                 AgentRoster* roster = nullptr);

bool is_valid_utf8(std::string_view s);
// True when JSON text nests objects and arrays deeper than max_depth (strings skipped).
bool nests_deeper_than(std::string_view json_text, std::size_t max_depth);
// S cut to at most max bytes on a UTF-8 boundary, with "..." when cut.
std::string clip(std::string_view s, std::size_t max);

}  // namespace vigie::ingest
