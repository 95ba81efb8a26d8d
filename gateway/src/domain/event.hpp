// Domain events of the v1 contract (contract.md sec. 3), after validation.
// These types know nothing of MQTT, JSON or SQL: every room of the gateway
// (ingest, store, engine, evidence) speaks them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vigie {

// Integer milliseconds since the Unix epoch, UTC.
using TimestampMs = std::int64_t;

// This enumeration and the next four: in the order of firmware/core/wire_vocabulary.hpp.
enum class AgentState { logged_out, available, talking, hold, wrap_up, not_ready };
enum class NotReadyReason {
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
enum class CallTag { difficult, abusive, acoustic_shock };
enum class NodeKind { acd_bridge, desk, sensor };
enum class NodeStatus { online, offline, lost };

struct AgentStateChange {
  std::string agent;
  std::string team;
  AgentState state = AgentState::logged_out;
  std::optional<NotReadyReason> reason;  // only with not_ready
  std::optional<std::string> call;
  std::optional<std::string> queue;
};

struct CallTagged {
  std::string agent;
  std::string call;
  std::vector<CallTag> tags;  // at least one, no repeats
};

struct PlannedBreak {
  TimestampMs start = 0;
  TimestampMs end = 0;
  std::string kind;
};

struct ShiftScheduled {
  std::string agent;
  std::string team;
  std::string shift;
  TimestampMs start = 0;
  TimestampMs end = 0;
  std::vector<PlannedBreak> breaks;
  TimestampMs published = 0;
};

struct EnvSample {
  std::string zone;
  double window_s = 0;
  std::optional<double> laeq_db;
  std::optional<double> l50_db;
  std::optional<double> lpeak_db;
  std::optional<double> temp_c;
  std::optional<double> co2_ppm;
};

// In the order of the contract's event types (firmware/core/wire_vocabulary.hpp).
using EventBody = std::variant<AgentStateChange, CallTagged, ShiftScheduled, EnvSample>;

// One event of a node's batch. (node, epoch, seq) is its identity.
struct Event {
  std::uint64_t seq = 0;
  TimestampMs ts = 0;
  EventBody body;
};

// The key that names the sequence an event belongs to.
struct NodeEpoch {
  std::string node;
  std::string epoch;
  bool operator==(const NodeEpoch&) const = default;
  auto operator<=>(const NodeEpoch&) const = default;
};

struct NodeBirth {
  std::string node;
  std::string epoch;
  NodeKind kind = NodeKind::acd_bridge;
  std::string fw;
  TimestampMs ts = 0;
};

struct NodeStateReport {
  NodeStatus state = NodeStatus::online;
  std::string epoch;
  TimestampMs ts = 0;
};

// Seqs of a node that will never be judged: a hole given up (référentiel
// SYS-02). Its span, in event time, runs from the last event before it to the
// first event after it.
struct DataGap {
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  std::optional<TimestampMs> from_ts;  // none when the hole starts the sequence
  TimestampMs to_ts = 0;
};

// Names as they appear on the wire.
const char* to_string(AgentState s);
const char* to_string(NotReadyReason r);
const char* to_string(CallTag t);
const char* to_string(NodeKind k);
const char* to_string(NodeStatus s);
const char* type_name(const EventBody& body);

std::optional<AgentState> parse_agent_state(const std::string& s);
std::optional<NotReadyReason> parse_not_ready_reason(const std::string& s);
std::optional<CallTag> parse_call_tag(const std::string& s);
std::optional<NodeKind> parse_node_kind(const std::string& s);
std::optional<NodeStatus> parse_node_status(const std::string& s);

// IDs (site, node, agent, team, zone, queue, call, shift): 1-64 chars of [A-Za-z0-9._-].
bool is_valid_id(const std::string& s);
// A node epoch: 16 hex digits (a random 64-bit id).
bool is_valid_epoch(const std::string& s);

}  // namespace vigie
