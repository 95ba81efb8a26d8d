// Where an MQTT message becomes stored evidence: decode, validate, commit in
// one SQLite transaction, then publish the durable `ack` and any `resync`, and
// hand the engine, in each node's seq order, what the commit made judgeable.
// The caller acknowledges the message to the broker only after on_message
// returns; if the commit fails it throws and the caller must not return.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/outbox.hpp"
#include "domain/event.hpp"
#include "ingest/agent_roster.hpp"
#include "ingest/committed.hpp"
#include "ingest/decode.hpp"
#include "ingest/ingest_metrics.hpp"
#include "ingest/release.hpp"
#include "ingest/sequence.hpp"
#include "store/database.hpp"
#include "store/ingest_repository.hpp"

namespace vigie::ingest {

using WallClock = std::function<TimestampMs()>;

struct IngestOptions {
  std::string site;
  // When a hole is given up: the node's time `hold` past it, a resync unanswered.
  GiveUpRule give_up;
  // While a hole is open, resync is repeated at most this often.
  std::chrono::milliseconds resync_repeat_after = std::chrono::seconds(10);
  // A node that never sent a watermark and is silent this long (wall time) is
  // taken to be at the wall clock less `lateness` when judging its holes (the
  // référentiel's silence rule, the engine's for its clock).
  std::int64_t silence = 10'000;
  std::int64_t lateness = 5'000;
  // A ts (or watermark) more than this past the wall clock is refused: no node
  // may push time forward (contract sec. 3.2).
  std::int64_t max_skew = 5 * 60'000;
  // Past these, a message from a new node, or an event naming a new agent, is
  // quarantined (too_many_nodes; too_many_agents, or agent_quota when one node went
  // over its own share); known ones keep working.
  std::size_t max_nodes = kMaxNodes;
  std::size_t max_agents = kMaxAgents;
  std::size_t agents_per_node = 2000;
  std::size_t new_agents_per_minute = 200;
};

class Ingestor {
 public:
  Ingestor(IngestOptions options, store::Database& db, broker::Outbox& outbox, WallClock clock,
           IngestMetrics& metrics);

  void on_message(std::string_view topic, std::string_view payload);
  // Wall-time duties (call about every second): resyncs repeated, holes given up
  // once their rule holds even if their node says nothing more. Throws like
  // on_message if the store refuses; nothing is lost, the next tick tries again.
  void tick();
  // Receives what each commit made judgeable; set before messages flow.
  void set_listener(CommittedListener* listener) { listener_ = listener; }
  // Publishes again the ack of each node's latest epoch (after a reconnect).
  void republish_acks();

 private:
  struct Pending {  // outbound messages, published only after the commit
    std::vector<std::pair<std::string, std::string>> retained, plain;
  };
  struct NodeTrack {
    bool watermarked = false;  // has sent a watermark: its clock is never guessed
    TimestampMs heard_at = 0;  // wall time of its last message; 0: none since start
    bool holding = false;      // as last told to the listener
  };

  void handle_batch(const std::string& topic, const std::string& node, std::string_view payload,
                    TimestampMs now, Pending& out);
  void handle_birth(const std::string& topic, const std::string& node, std::string_view payload,
                    TimestampMs now, Pending& out);
  void handle_state(const std::string& topic, const std::string& node, std::string_view payload,
                    TimestampMs now);
  void quarantine(const std::string& topic, std::optional<std::string> node,
                  std::string_view payload, const std::string& reason, TimestampMs now,
                  RefusalKind kind = RefusalKind::invalid);
  bool knows_node_or_has_room(const std::string& node) const;
  // Whether AGENT, named by NODE, may be tracked; the refusal if not.
  std::optional<Refusal> admit(const std::string& agent, const std::string& node, TimestampMs now);
  // A node's new epoch: the old one's holes can never be filled (its store was wiped).
  void switch_epoch(const std::string& node, const std::string& epoch, TimestampMs now);
  // Closes filled holes, gives up due ones, repeats resyncs; returns the holes given up.
  std::vector<OpenGap> review_gaps(const NodeEpoch& key, Sequence& seq, TimestampMs now,
                                   Pending& out);
  // Hands on what contiguity passed over since FROM, and the node's holding state.
  void pass_on_since(const NodeEpoch& key, Sequence& seq, std::uint64_t from,
                     std::vector<OpenGap> lost, const std::vector<Event>* at_hand);
  TimestampMs node_time(const std::string& node, const Sequence& seq, TimestampMs now) const;
  void queue_ack(const NodeEpoch& key, const Sequence& seq, TimestampMs now, Pending& out);
  void queue_resync(const NodeEpoch& key, const Sequence& seq, Pending& out);
  void begin_transaction();
  void finish_transaction(Pending& out, std::chrono::steady_clock::time_point started);
  void refresh_node_counts();
  void load();

  IngestOptions options_;
  store::Database& db_;
  store::IngestRepository repo_;
  broker::Outbox& outbox_;
  WallClock clock_;
  IngestMetrics& metrics_;
  TimestampMs live_since_ = 0;

  std::mutex mu_;
  std::map<NodeEpoch, Sequence> sequences_;
  std::map<std::string, std::string> latest_epoch_;  // node -> epoch last seen
  std::map<std::string, NodeStatus> node_status_;
  std::map<std::string, NodeTrack> tracks_;
  store::Counters delta_;                 // counters of the transaction in progress
  bool delta_saved_ = false;              // delta_ already written with its sequence's row
  std::vector<CommittedItem> committed_;  // what the transaction in progress adds
  CommittedListener* listener_ = nullptr;
  AgentRoster agents_;
  std::vector<RefusalKind> refused_;  // bounds passed in the transaction in progress
};

}  // namespace vigie::ingest
