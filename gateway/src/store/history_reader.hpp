// Reads back what ingest stored, in the order it was committed, so the engine
// can rebuild its state after a restart: node births and states, gaps opened
// and closed, and events.
#pragma once

#include <cstdint>
#include <string>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

class HistoryVisitor {
 public:
  virtual ~HistoryVisitor() = default;
  virtual void birth(const NodeBirth& b) = 0;
  virtual void node_state(const std::string& node, const NodeStateReport& r) = 0;
  virtual void gap_opened(const NodeEpoch& source, std::uint64_t from_seq, std::uint64_t to_seq,
                          std::optional<TimestampMs> from_ts, std::optional<TimestampMs> to_ts) = 0;
  virtual void gap_closed(const NodeEpoch& source, std::uint64_t from_seq) = 0;
  virtual void event(const NodeEpoch& source, const Event& e) = 0;
};

// Every node change and gap, and the events received at or after SINCE, in
// commit order (a gap before the event that revealed it).
void read_history(Database& db, TimestampMs since, HistoryVisitor& visitor);

}  // namespace vigie::store
