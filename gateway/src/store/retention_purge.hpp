// The deletions of the retention purge (evidence/retention decides the limits):
// raw rows by when they were received, ledger entries by their time, each
// BATCH rows a transaction.
#pragma once

#include <cstdint>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

enum class RawTable { events, quarantine };

// Raw rows received before LIMIT, oldest first; how many went.
std::int64_t purge_raw_before(Database& db, RawTable table, TimestampMs limit, std::int64_t batch);

// Ledger entries timed before LIMIT, each batch through the purge gate inside its own
// transaction, so the gate is never seen open; how many went. Kept whatever their age: the
// closed gaps above the horizon of "gaps.closed", and the newest entry of each source that
// is not one of the feed's tables (a load still in force, which the feed compares the next
// load with and an audit of the remaining period needs).
std::int64_t purge_ledger_before(Database& db, TimestampMs limit, std::int64_t batch);

}  // namespace vigie::store
