#include "evidence/retention.hpp"

#include <stdexcept>

#include "store/retention_purge.hpp"

namespace vigie::evidence {

PurgeReport purge(store::Database& db, const RetentionPolicy& p, TimestampMs now,
                  std::int64_t batch_rows) {
  if (p.raw_days < 1 || p.evidence_days < 1)
    throw std::invalid_argument("retention: a number of days below 1");
  if (batch_rows < 1) throw std::invalid_argument("retention: a batch below 1 row");
  const TimestampMs raw_limit = now - p.raw_days * kRetentionDayMs;
  const TimestampMs evidence_limit = now - p.evidence_days * kRetentionDayMs;
  PurgeReport r;
  r.events = store::purge_raw_before(db, store::RawTable::events, raw_limit, batch_rows);
  r.quarantine = store::purge_raw_before(db, store::RawTable::quarantine, raw_limit, batch_rows);
  r.ledger_entries = store::purge_ledger_before(db, evidence_limit, batch_rows);
  return r;
}

}  // namespace vigie::evidence
