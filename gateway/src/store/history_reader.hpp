// Reads back what ingest stored, in the order it was committed, so that the
// engine can be rebuilt after a restart as the run before fed it: node births
// and states, seqs consumed by rejected events, events, holes given up, and
// each sequence's latest watermark, each with the wall time it was committed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

class HistoryVisitor {
 public:
  virtual ~HistoryVisitor() = default;
  // AT: the gateway's wall time when the item was committed.
  virtual void birth(const NodeBirth& b, TimestampMs at) = 0;
  virtual void node_state(const std::string& node, const NodeStateReport& r, TimestampMs at) = 0;
  // A rejected event's seq; REFUSAL names the bound it passed, if it passed one.
  virtual void consumed(const NodeEpoch& source, std::uint64_t seq,
                        const std::optional<std::string>& refusal, TimestampMs at) = 0;
  virtual void event(const NodeEpoch& source, const Event& e, TimestampMs at) = 0;
  virtual void gap_lost(const NodeEpoch& source, std::uint64_t from_seq, std::uint64_t to_seq,
                        std::optional<TimestampMs> from_ts, TimestampMs to_ts, TimestampMs at) = 0;
  virtual void watermark(const NodeEpoch& source, TimestampMs until, std::uint64_t seq,
                         TimestampMs at) = 0;
};

// Every node change, lost hole and watermark, and the events and consumed
// seqs received at or after SINCE, in commit order (within one commit: node
// changes, consumed seqs, events, lost holes, watermarks).
void read_history(Database& db, TimestampMs since, HistoryVisitor& visitor);

// The stored events of one sequence with FIRST <= seq <= LAST, in seq order.
std::vector<Event> read_events(Database& db, const NodeEpoch& source, std::uint64_t first,
                               std::uint64_t last);

}  // namespace vigie::store
