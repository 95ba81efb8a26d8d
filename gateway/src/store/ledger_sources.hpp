// The evidence tables the ledger is fed from, read past what the ledger already
// holds, as typed rows: the ledger feed never writes SQL (issue 16). Columns
// that may be NULL are optionals; what the feed does with a NULL is its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

struct TransitionSource {  // alert_transitions
  std::int64_t id = 0;
  std::optional<std::string> key, change, from_state, state;
  std::optional<TimestampMs> at;
  std::optional<std::string> alert;  // the alert object's JSON as recorded
  std::optional<TimestampMs> recorded_at;
};

struct NodeChangeSource {  // node_history
  std::int64_t id = 0;
  std::optional<std::string> node, what, epoch, kind, fw, state;
  std::optional<TimestampMs> ts, received_at;
};

struct GapSource {  // gaps
  std::int64_t id = 0;
  std::optional<std::string> node, epoch, status;
  std::optional<std::int64_t> from_seq, to_seq;
  std::optional<TimestampMs> from_ts, to_ts, detected_at, closed_at;
};

class LedgerSources {
 public:
  explicit LedgerSources(Database& db) : db_(db) {}
  // Each in id order, at most LIMIT rows with id > AFTER.
  std::vector<TransitionSource> transitions_after(std::int64_t after, std::int64_t limit);
  std::vector<NodeChangeSource> node_changes_after(std::int64_t after, std::int64_t limit);
  std::vector<GapSource> gaps_after(std::int64_t after, std::int64_t limit);
  // Gaps no longer open, above HORIZON, whose closing the ledger lacks, in the
  // order they closed.
  std::vector<GapSource> closed_gaps_unledgered(std::int64_t horizon, std::int64_t limit);
  // The newest ledger entry appended from SRC (its exact bytes), if any.
  std::optional<std::string> newest_entry_of(const std::string& src);

 private:
  Database& db_;
};

}  // namespace vigie::store
