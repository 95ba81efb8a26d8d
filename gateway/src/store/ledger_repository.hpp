// The evidence ledger's tables (schema v3): entries and their leaf hashes,
// appended together in one transaction at the next index, and the signed
// checkpoints; and (v4) the cursor that remembers, per source, what was
// appended even after retention deleted the entries.
// (The tables the ledger is fed from: store/ledger_sources.)
// Plain rows only: hashing and JSON are the evidence room's job.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

using LeafHash = std::array<std::uint8_t, 32>;

struct LedgerEntry {
  std::int64_t idx = 0;
  std::string kind;
  TimestampMs at = 0;
  std::string entry;  // the exact bytes the leaf hash covers
};

struct CheckpointRow {
  std::int64_t size = 0;
  LeafHash root{};
  std::string note;
  TimestampMs signed_at = 0;
};

// A row of a source table not yet in the ledger.
class LedgerRepository {
 public:
  explicit LedgerRepository(Database& db) : db_(db) {}

  std::int64_t size();
  // Builds the entry for the next index with MAKE(idx) and appends it with its
  // leaf hash, unless (src, src_id) is already in the ledger, and moves the
  // source's cursor up to src_id. One transaction.
  // One transaction, or the run's (in_one_transaction).
  template <class Make, class Hash>
  bool append(const std::string& src, std::int64_t src_id, const std::string& kind, TimestampMs at,
              Make make, Hash hash) {
    std::optional<Transaction> tx;
    if (!in_run_) tx.emplace(db_);
    if (contains(src, src_id)) return false;
    const std::int64_t idx = size();
    const std::string entry = make(idx);
    insert(idx, src, src_id, kind, at, entry, hash(entry));
    if (tx) tx->commit();
    return true;
  }
  // Runs APPENDS, whose append()s then share one transaction: a run of entries costs one
  // commit (one fsync), not one each. What APPENDS throws rolls the whole run back.
  template <class Appends>
  auto in_one_transaction(Appends appends) {
    Transaction tx(db_);
    in_run_ = true;
    struct EndRun {
      bool& in_run;
      ~EndRun() { in_run = false; }
    } end_run{in_run_};
    auto appended = appends();
    tx.commit();
    return appended;
  }
  bool contains(const std::string& src, std::int64_t src_id);
  // The highest src_id of SRC ever appended, 0 if none: the cursor, which
  // survives retention, or the entries themselves for rows appended before it.
  std::int64_t last_source_id(const std::string& src);
  // Every src_id of SRC up to this one was appended (retention may have
  // deleted the entry since): a source fed out of order looks above it only.
  std::int64_t source_horizon(const std::string& src);

  std::vector<LeafHash> leaf_hashes(std::int64_t count);
  std::vector<LedgerEntry> entries_between(TimestampMs from, TimestampMs to);
  // The same entries, by idx, handed to VISIT one at a time (none is kept).
  void for_each_between(TimestampMs from, TimestampMs to,
                        const std::function<void(LedgerEntry&&)>& visit);
  std::optional<LedgerEntry> entry_at(std::int64_t idx);
  // The entry of KIND in force at TO: the last one before it, or else the first
  // one recorded (a référentiel loaded after the events it judged).
  std::optional<LedgerEntry> in_force(const std::string& kind, TimestampMs to);

  void add_checkpoint(const CheckpointRow& c);
  std::optional<CheckpointRow> latest_checkpoint();
  std::vector<CheckpointRow> checkpoints();

 private:
  void insert(std::int64_t idx, const std::string& src, std::int64_t src_id,
              const std::string& kind, TimestampMs at, const std::string& entry,
              const LeafHash& hash);
  Database& db_;
  bool in_run_ = false;
};

}  // namespace vigie::store
