// The outbox (schema v6): the facts queued for the group's central PostgreSQL.
// Triggers queue them in the transaction that stores each fact; this reads
// them in id order with the source rows they name, and deletes them once the
// central has committed them. Plain rows only: the central room builds what
// it sends (pseudonyms included).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

struct OutboxTransition {
  std::int64_t id = 0;  // alert_transitions.id
  std::string key;
  std::string alert_id;
  std::string change;
  std::optional<std::string> from_state;
  std::string state;
  TimestampMs at = 0;
  std::string alert_json;  // the alert as it stands after the transition, raw ids inside
  TimestampMs recorded_at = 0;
};

struct OutboxNodeChange {
  std::int64_t id = 0;  // node_history.id
  std::string node;
  std::string what;  // birth, state
  std::optional<std::string> epoch, kind, fw, state;
  TimestampMs ts = 0;
  TimestampMs received_at = 0;
};

struct OutboxGap {
  std::int64_t id = 0;  // gaps.id
  std::string node;
  std::string epoch;
  std::int64_t from_seq = 0, to_seq = 0;
  std::optional<TimestampMs> from_ts, to_ts;
  TimestampMs detected_at = 0;
  std::string status;  // as it stands at ship time
  std::optional<TimestampMs> closed_at;
};

struct OutboxCheckpoint {
  std::int64_t id = 0;  // checkpoints.id
  std::int64_t size = 0;
  std::string root;  // 32 bytes
  std::string note;  // the signed note
  TimestampMs signed_at = 0;
};

struct OutboxAgentDay {
  std::int64_t idx = 0;  // the ledger entry's index
  std::string entry;     // the ledger entry's exact bytes (canonical JSON, pseudonyms only)
};

// The first rows of the outbox, with what their source rows hold now. A source
// row named twice (a gap opened, then closed) is read once.
struct OutboxBatch {
  std::int64_t first_id = 0, last_id = 0;  // the outbox ids the batch covers
  std::size_t rows = 0;                    // outbox rows covered
  std::vector<OutboxTransition> transitions;
  std::vector<OutboxNodeChange> node_changes;
  std::vector<OutboxGap> gaps;
  std::vector<OutboxCheckpoint> checkpoints;
  std::vector<OutboxAgentDay> agent_days;
  std::vector<std::string> missing;  // "source #id" whose source row is gone (never expected)
};

struct OutboxDepth {
  std::int64_t rows = 0;
  std::optional<TimestampMs> oldest;  // created_at of the oldest row; none when empty
};

class OutboxRepository {
 public:
  explicit OutboxRepository(Database& db) : db_(db) {}

  // Starts queueing and queues every fact stored so far, in one transaction;
  // nothing when already enabled.
  void enable();
  // Stops queueing and empties the outbox (no central configured). Enabling it
  // again queues the whole history again, which the central's upserts take
  // without a double.
  void disable();
  bool enabled();

  // The first LIMIT rows in id order, in one read transaction.
  OutboxBatch next(std::size_t limit);
  // Deletes the rows up to LAST_ID: the central committed them.
  void remove_through(std::int64_t last_id);
  // The rows waiting, or those after AFTER_ID only.
  OutboxDepth depth(std::int64_t after_id = 0);

 private:
  Database& db_;
};

}  // namespace vigie::store
