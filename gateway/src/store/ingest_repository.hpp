// The tables ingest writes: events, quarantine, gaps, sequences, nodes and
// counters. Every call runs inside the caller's transaction. A batch's own
// changes (counters, when its node last had events) go to its sequence's row
// (save_batch): one page besides the events'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

inline constexpr std::size_t kQuarantineRawBytes = 4096;

struct QuarantineRecord {
  TimestampMs received_at = 0;
  std::string topic;
  std::optional<std::string> node;
  std::optional<std::string> epoch;
  std::optional<std::uint64_t> seq;
  std::string reason;
  std::string raw;  // whole bytes; the first 4 KiB are kept, with the SHA-256 of all
  std::optional<std::string> refusal;  // the bound it passed (RefusalKind's label), if any
};

struct GapRow {
  std::int64_t id = 0;
  std::string node;
  std::string epoch;
  std::uint64_t from_seq = 0;
  std::uint64_t to_seq = 0;
  std::optional<TimestampMs> from_ts;
  std::optional<TimestampMs> to_ts;
  TimestampMs detected_at = 0;
  std::optional<TimestampMs> resync_sent_at;
  std::string status;  // open, filled, lost
};

// The latest watermark a sequence received.
struct WatermarkRow {
  TimestampMs until = 0;
  std::uint64_t seq = 0;  // the seqs it covers: up to this one
  TimestampMs received_at = 0;
};

struct SequenceRow {
  std::string node;
  std::string epoch;
  std::uint64_t contiguous = 0;
  std::uint64_t max_seen = 0;
  std::optional<TimestampMs> max_seen_ts;
  std::optional<WatermarkRow> watermark;
  std::vector<std::uint64_t> held_above;  // stored or quarantined seqs above contiguous
  std::vector<GapRow> gaps;               // open, and lost ones above contiguous
};

struct Counters {
  std::int64_t events_received = 0;
  std::int64_t events_stored = 0;
  std::int64_t duplicates = 0;
  std::int64_t quarantined = 0;
  std::int64_t gaps = 0;
};

struct NodeRow {
  std::string node;
  std::optional<std::string> kind, fw, epoch, state;
  std::optional<TimestampMs> state_ts, last_event_ts;
};

class IngestRepository {
 public:
  explicit IngestRepository(Database& db);

  std::vector<SequenceRow> load_sequences();
  Counters load_counters();
  std::vector<NodeRow> load_nodes();
  // Every agent some stored event names, with the node that named it first.
  std::vector<std::pair<std::string, std::string>> load_agents();

  // False when (node, epoch, seq) is already stored.
  bool insert_event(const std::string& node, const std::string& epoch, const Event& e,
                    TimestampMs received_at);
  // False when the record names an event (node, epoch, seq) already quarantined.
  bool quarantine(const QuarantineRecord& r);
  // Whether the event (node, epoch, seq) was refused (quarantined) already.
  bool quarantined(const std::string& node, const std::string& epoch, std::uint64_t seq);

  std::int64_t open_gap(const GapRow& g);
  void mark_resync(std::int64_t gap_id, TimestampMs at);
  void close_gap(std::int64_t gap_id, const std::string& status, TimestampMs at);
  void save_sequence(const std::string& node, const std::string& epoch, std::uint64_t contiguous,
                     std::uint64_t max_seen, std::optional<TimestampMs> max_seen_ts);
  // save_sequence, plus the batch's counters and, if it stored events, the latest ts among
  // them and when they were stored.
  void save_batch(const std::string& node, const std::string& epoch, std::uint64_t contiguous,
                  std::uint64_t max_seen, std::optional<TimestampMs> max_seen_ts,
                  const Counters& delta, std::optional<TimestampMs> last_event_ts,
                  TimestampMs stored_at);
  void save_watermark(const std::string& node, const std::string& epoch, const WatermarkRow& w);
  // Counters that belong to no sequence (a message refused before its epoch is known).
  void add_counters(const Counters& delta);

  // Node registry; each returns true when something changed (and logs it in node_history).
  bool apply_birth(const NodeBirth& b, TimestampMs received_at);
  bool apply_state(const std::string& node, const NodeStateReport& r, TimestampMs received_at);
  // The node is registered (a row in nodes) from its first message.
  void ensure_node(const std::string& node, TimestampMs now);

  Database& db() { return db_; }

 private:
  Database& db_;
  Statement insert_event_, insert_quarantine_, open_gap_, mark_resync_, close_gap_, save_sequence_,
      save_batch_, save_watermark_, add_counters_, ensure_node_, find_quarantined_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace vigie::store
