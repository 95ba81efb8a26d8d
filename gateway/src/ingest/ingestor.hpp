// Where an MQTT message becomes stored evidence: decode, validate, commit in
// one SQLite transaction, then publish the durable `ack` and any `resync`.
// The caller acknowledges the message to the broker only after on_message
// returns; if the commit fails it throws and the caller must not return.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/event.hpp"
#include "ingest/agent_roster.hpp"
#include "ingest/committed.hpp"
#include "ingest/decode.hpp"
#include "ingest/ingest_metrics.hpp"
#include "ingest/sequence.hpp"
#include "store/database.hpp"
#include "store/ingest_repository.hpp"

namespace vigie::ingest {

// Outbound messages (QoS 1). Implemented over Paho in the gateway, by a
// recorder in tests.
class Outbox {
 public:
  virtual ~Outbox() = default;
  virtual void publish(const std::string& topic, const std::string& payload, bool retained) = 0;
};

using WallClock = std::function<TimestampMs()>;

struct IngestOptions {
  std::string site;
  // A hole still open this long after detection, while the node keeps sending
  // after a resync, is declared lost: the ack may then pass it (SYS-02 keeps it).
  std::chrono::milliseconds gap_give_up_after = std::chrono::minutes(5);
  // While a hole is open, resync is repeated at most this often.
  std::chrono::milliseconds resync_repeat_after = std::chrono::seconds(10);
  // Past these, a message from a new node, or an event naming a new agent, is
  // quarantined (too_many_nodes, too_many_agents); known ones keep working.
  std::size_t max_nodes = kMaxNodes;
  std::size_t max_agents = kMaxAgents;
};

class Ingestor {
 public:
  Ingestor(IngestOptions options, store::Database& db, Outbox& outbox, WallClock clock,
           IngestMetrics& metrics);

  void on_message(std::string_view topic, std::string_view payload);
  // Receives what each commit added; set before messages flow.
  void set_listener(CommittedListener* listener) { listener_ = listener; }
  // Publishes again the ack of each node's latest epoch (after a reconnect).
  void republish_acks();

 private:
  struct Pending {  // outbound messages, published only after the commit
    std::vector<std::pair<std::string, std::string>> retained, plain;
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
  void review_gaps(const NodeEpoch& key, Sequence& seq, TimestampMs now, Pending& out);
  void queue_ack(const NodeEpoch& key, const Sequence& seq, TimestampMs now, Pending& out);
  void queue_resync(const NodeEpoch& key, const Sequence& seq, Pending& out);
  void refresh_node_counts();
  void load();

  IngestOptions options_;
  store::Database& db_;
  store::IngestRepository repo_;
  Outbox& outbox_;
  WallClock clock_;
  IngestMetrics& metrics_;

  std::mutex mu_;
  std::map<NodeEpoch, Sequence> sequences_;
  std::map<std::string, std::string> latest_epoch_;  // node -> epoch last seen
  std::map<std::string, NodeStatus> node_status_;
  store::Counters delta_;                 // counters of the transaction in progress
  std::vector<CommittedItem> committed_;  // what the transaction in progress adds
  CommittedListener* listener_ = nullptr;
  AgentRoster agents_;
  std::vector<RefusalKind> refused_;  // bounds passed in the transaction in progress
};

}  // namespace vigie::ingest
