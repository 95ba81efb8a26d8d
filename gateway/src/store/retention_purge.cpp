#include "store/retention_purge.hpp"

#include <algorithm>
#include <string>

namespace vigie::store {
namespace {

// Raw rows received before LIMIT, oldest first, BATCH at a time (the
// received_at index of schema v4 finds them without a scan).
std::int64_t purge_raw(Database& db, const std::string& table, TimestampMs limit,
                       std::int64_t batch) {
  auto del = db.prepare("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table +
                        " WHERE received_at < ?1 ORDER BY received_at LIMIT ?2)");
  std::int64_t total = 0;
  for (;;) {
    Transaction tx(db);
    del.bind(1, limit).bind(2, batch);
    const std::int64_t n = del.run();
    tx.commit();
    total += n;
    if (n < batch) return total;
  }
}

// Closed gaps reach the ledger in any order, and the feed finds the ones it
// lacks by their absence from the entries (ledger_feed.cpp), so a deleted
// entry would be appended again. Before deleting, the horizon of "gaps.closed"
// in ledger_cursor is raised to the highest gap id such that every gap up to
// it is closed and ledgered, no higher than the entries due for deletion; the
// feed looks above the horizon only, and only entries at or below it are
// deleted. A gap still open (or closed but not ledgered yet) holds the horizon
// below it, keeping the entries above it until it is settled: kept longer,
// never appended twice. (A cursor of max(src_id), as for the other sources,
// would skip a low gap closed late; a list of deleted ids would grow forever.)
void raise_closed_gaps_horizon(Database& db, TimestampMs limit) {
  auto due =
      db.prepare("SELECT max(src_id) FROM ledger_entries WHERE src = 'gaps.closed' AND at < ?1");
  due.bind(1, limit);
  due.step();
  if (due.is_null(0)) return;
  std::int64_t horizon = due.int64(0);
  due.reset();
  auto unsettled = db.prepare(
      "SELECT min(id) FROM gaps g WHERE id > (SELECT coalesce(max(horizon), 0) FROM ledger_cursor"
      " WHERE src = 'gaps.closed') AND (status = 'open' OR NOT EXISTS (SELECT 1 FROM"
      " ledger_entries e WHERE e.src = 'gaps.closed' AND e.src_id = g.id))");
  unsettled.step();
  if (!unsettled.is_null(0)) horizon = std::min(horizon, unsettled.int64(0) - 1);
  unsettled.reset();
  auto raise = db.prepare(
      "INSERT INTO ledger_cursor (src, horizon) VALUES ('gaps.closed', ?1) ON CONFLICT (src)"
      " DO UPDATE SET horizon = excluded.horizon WHERE excluded.horizon > ledger_cursor.horizon");
  raise.bind(1, horizon).run();
}

}  // namespace

std::int64_t purge_raw_before(Database& db, RawTable table, TimestampMs limit, std::int64_t batch) {
  return purge_raw(db, table == RawTable::events ? "events" : "quarantine", limit, batch);
}

std::int64_t purge_ledger_before(Database& db, TimestampMs limit, std::int64_t batch) {
  // The newest entry of a load kept: LedgerFeed::record_load compares the next load with it.
  auto del = db.prepare(
      "DELETE FROM ledger_entries WHERE idx IN (SELECT idx FROM ledger_entries"
      " WHERE at < ?1"
      " AND NOT (src = 'gaps.closed' AND src_id > (SELECT coalesce(max(horizon), 0)"
      "   FROM ledger_cursor WHERE src = 'gaps.closed'))"
      " AND idx NOT IN (SELECT (SELECT max(idx) FROM ledger_entries e WHERE e.src = c.src)"
      "   FROM ledger_cursor c WHERE c.src NOT IN"
      "   ('alert_transitions', 'node_history', 'gaps.opened', 'gaps.closed'))"
      " ORDER BY at LIMIT ?2)");
  std::int64_t total = 0;
  for (;;) {
    Transaction tx(db);
    raise_closed_gaps_horizon(db, limit);
    db.exec("UPDATE ledger_purge_gate SET open = 1");
    del.bind(1, limit).bind(2, batch);
    const std::int64_t n = del.run();
    db.exec("UPDATE ledger_purge_gate SET open = 0");
    tx.commit();
    total += n;
    if (n < batch) return total;
  }
}

}  // namespace vigie::store
