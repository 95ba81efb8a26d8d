// The node's own MQTT payloads (contract sec. 2 and 3.1): birth and state going
// out, ack and cmd coming in. Topics are built once, into fixed buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/event.hpp"
#include "core/fixed_string.hpp"

namespace vigie::fw {

constexpr std::size_t kFirmwareVersionMax = 16;

struct NodeIdentity {
  Id site;
  Id node;
  NodeKind kind = NodeKind::acd_bridge;
  FixedString<kFirmwareVersionMax> fw;
};

// Fills `out` if every part is valid (IDs per the contract, a short fw string).
bool make_identity(std::string_view site, std::string_view node, NodeKind kind, std::string_view fw,
                   NodeIdentity& out);

// "vigie/v1/{site}/node/{node}/" plus the longest suffix, "birth".
constexpr std::size_t kTopicMax = 9 + kIdMax + 6 + kIdMax + 6;
using Topic = FixedString<kTopicMax>;

struct NodeTopics {
  Topic birth, state, evt, ack, cmd;
};
void make_topics(const NodeIdentity& id, NodeTopics& out);

enum class NodeStatus : std::uint8_t { online, offline, lost };

// Enough for the longest birth or state payload.
constexpr std::size_t kControlPayloadMax = 256;

// Each returns the payload size, 0 if `capacity` is too small.
std::size_t write_birth(const NodeIdentity& id, std::uint64_t epoch, std::int64_t ts, char* out,
                        std::size_t capacity);
std::size_t write_state(NodeStatus status, std::uint64_t epoch, std::int64_t ts, char* out,
                        std::size_t capacity);

// {"epoch":E,"seq":S,"ts":T}: every event up to seq is durably stored.
struct Ack {
  std::uint64_t epoch = 0;
  std::uint64_t seq = 0;
};
bool parse_ack(const std::uint8_t* payload, std::size_t size, Ack& out);

constexpr std::size_t kNudgeTextMax = 280;

struct Command {
  enum class Kind : std::uint8_t { resync, nudge } kind = Kind::resync;
  std::uint64_t epoch = 0;          // resync
  std::uint64_t from_seq = 0;       // resync, >= 1
  Id agent;                         // nudge
  Id criterion;                     // nudge
  FixedString<kNudgeTextMax> text;  // nudge, cut to fit
};
// False for malformed payloads and for commands this node does not know.
bool parse_command(const std::uint8_t* payload, std::size_t size, Command& out);

}  // namespace vigie::fw
