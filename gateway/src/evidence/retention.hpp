// Retention (contract: retention.raw_days, retention.evidence_days): deletes
// the raw events and quarantined payloads received before the raw limit, and
// the evidence ledger's entries whose time is before the evidence limit, in
// short transactions so the ingest waits at most one batch. The ledger's leaf
// hashes and checkpoints are never deleted: every checkpoint still verifies,
// and an entry kept elsewhere can still be proven. An entry is deleted only
// through the purge gate, opened and closed again inside the same transaction.
//
// What the ledger feed needs is kept: its per-source cursor (ledger_cursor)
// outlives the entries, closed gaps are deleted only up to a horizon below
// which every gap was closed and ledgered, and the newest entry of each load
// (référentiel, configuration) stays, since it is still in force.
#pragma once

#include <cstdint>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::evidence {

struct RetentionPolicy {
  int raw_days = 365;
  int evidence_days = 1095;
};

struct PurgeReport {
  std::int64_t events = 0, quarantine = 0, ledger_entries = 0;
};

inline constexpr TimestampMs kRetentionDayMs = 86'400'000;
inline constexpr std::int64_t kPurgeBatchRows = 10'000;

// Deletes what is strictly older than NOW minus the policy's days: a row
// received (an entry timed) exactly at the limit is kept. Each batch of at
// most BATCH_ROWS rows is one transaction; a failure rolls its batch back
// entirely (gate closed again) and is thrown (store::StoreError), the batches
// before it staying done. Throws std::invalid_argument for a number of days
// or a batch size below 1.
PurgeReport purge(store::Database& db, const RetentionPolicy& p, TimestampMs now,
                  std::int64_t batch_rows = kPurgeBatchRows);

}  // namespace vigie::evidence
