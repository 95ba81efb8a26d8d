#include "store/outbox_repository.hpp"

#include <set>

namespace vigie::store {
namespace {

// A read transaction (BEGIN DEFERRED): one snapshot of the WAL, no write lock.
class Snapshot {
 public:
  explicit Snapshot(Database& db) : db_(db) { db_.exec("BEGIN"); }
  ~Snapshot() {
    try {
      db_.exec("COMMIT");
    } catch (...) {
      // A read transaction has nothing to keep.
    }
  }
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

 private:
  Database& db_;
};

constexpr const char* kNow = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

// The source rows an outbox range names: "WHERE id IN (...)" reads each once.
std::string named(const char* source, const char* column = "id") {
  return std::string(" WHERE ") + column + " IN (SELECT source_id FROM outbox WHERE source = '" +
         source + "' AND id BETWEEN ?1 AND ?2) ORDER BY " + column;
}

}  // namespace

void OutboxRepository::enable() {
  if (enabled()) return;
  Transaction tx(db_);
  if (enabled()) return;
  const std::string now = kNow;
  // Oldest first within each source, as the triggers would have queued them.
  db_.exec("INSERT INTO outbox (source, source_id, created_at) SELECT 'alert_transition', id, " +
           now + " FROM alert_transitions ORDER BY id");
  db_.exec("INSERT INTO outbox (source, source_id, created_at) SELECT 'node_history', id, " + now +
           " FROM node_history ORDER BY id");
  db_.exec("INSERT INTO outbox (source, source_id, created_at) SELECT 'gap', id, " + now +
           " FROM gaps ORDER BY id");
  db_.exec(
      "INSERT INTO outbox (source, source_id, payload, created_at) SELECT 'agent_day', idx,"
      " entry, " +
      now + " FROM ledger_entries WHERE kind = 'agent.day' ORDER BY idx");
  db_.exec("INSERT INTO outbox (source, source_id, created_at) SELECT 'checkpoint', id, " + now +
           " FROM checkpoints ORDER BY id");
  db_.exec("UPDATE outbox_state SET enabled = 1");
  tx.commit();
}

void OutboxRepository::disable() {
  // Most starts have nothing to change: no write then (a store that refuses writes still starts).
  if (db_.scalar("SELECT enabled FROM outbox_state") == 0 &&
      db_.scalar("SELECT count(*) FROM (SELECT 1 FROM outbox LIMIT 1)") == 0)
    return;
  Transaction tx(db_);
  db_.exec("UPDATE outbox_state SET enabled = 0");
  db_.exec("DELETE FROM outbox");
  tx.commit();
}

bool OutboxRepository::enabled() {
  return db_.scalar("SELECT enabled FROM outbox_state") == 1;
}

OutboxBatch OutboxRepository::next(std::size_t limit) {
  OutboxBatch b;
  Snapshot snapshot(db_);
  {
    auto range = db_.prepare(
        "SELECT min(id), max(id), count(*) FROM (SELECT id FROM outbox ORDER BY id LIMIT ?)");
    range.bind(1, static_cast<std::int64_t>(limit));
    range.step();
    if (range.is_null(0)) return b;
    b.first_id = range.int64(0);
    b.last_id = range.int64(1);
    b.rows = static_cast<std::size_t>(range.int64(2));
  }
  auto bind = [&](Statement& s) { s.bind(1, b.first_id).bind(2, b.last_id); };

  auto t = db_.prepare(
      "SELECT id, key, alert_id, change, from_state, state, at, alert, recorded_at"
      " FROM alert_transitions" +
      named("alert_transition"));
  bind(t);
  while (t.step())
    b.transitions.push_back({t.int64(0), t.text(1), t.text(2), t.text(3), t.optional_text(4),
                             t.text(5), t.int64(6), t.text(7), t.int64(8)});

  auto n = db_.prepare(
      "SELECT id, node, what, epoch, kind, fw, state, ts, received_at FROM node_history" +
      named("node_history"));
  bind(n);
  while (n.step())
    b.node_changes.push_back({n.int64(0), n.text(1), n.text(2), n.optional_text(3),
                              n.optional_text(4), n.optional_text(5), n.optional_text(6),
                              n.int64(7), n.int64(8)});

  auto g = db_.prepare(
      "SELECT id, node, epoch, from_seq, to_seq, from_ts, to_ts, detected_at, status, closed_at"
      " FROM gaps" +
      named("gap"));
  bind(g);
  while (g.step())
    b.gaps.push_back({g.int64(0), g.text(1), g.text(2), g.int64(3), g.int64(4), g.optional_int64(5),
                      g.optional_int64(6), g.int64(7), g.text(8), g.optional_int64(9)});

  auto c =
      db_.prepare("SELECT id, size, root, note, signed_at FROM checkpoints" + named("checkpoint"));
  bind(c);
  while (c.step())
    b.checkpoints.push_back({c.int64(0), c.int64(1), c.text(2), c.text(3), c.int64(4)});

  auto d = db_.prepare(
      "SELECT source_id, payload FROM outbox WHERE source = 'agent_day' AND id BETWEEN ?1 AND ?2"
      " ORDER BY id");
  bind(d);
  std::set<std::int64_t> days;
  while (d.step())
    if (days.insert(d.int64(0)).second) b.agent_days.push_back({d.int64(0), d.text(1)});

  // Every named source row must have been read: say which one is gone, if any.
  auto names = db_.prepare(
      "SELECT DISTINCT source, source_id FROM outbox WHERE id BETWEEN ?1 AND ?2"
      " AND source != 'agent_day'");
  bind(names);
  std::set<std::pair<std::string, std::int64_t>> found;
  for (const auto& r : b.transitions) found.insert({"alert_transition", r.id});
  for (const auto& r : b.node_changes) found.insert({"node_history", r.id});
  for (const auto& r : b.gaps) found.insert({"gap", r.id});
  for (const auto& r : b.checkpoints) found.insert({"checkpoint", r.id});
  while (names.step())
    if (!found.count({names.text(0), names.int64(1)}))
      b.missing.push_back(names.text(0) + " #" + std::to_string(names.int64(1)));
  return b;
}

void OutboxRepository::remove_through(std::int64_t last_id) {
  Transaction tx(db_);
  auto s = db_.prepare("DELETE FROM outbox WHERE id <= ?");
  s.bind(1, last_id).run();
  tx.commit();
}

OutboxDepth OutboxRepository::depth(std::int64_t after_id) {
  auto s = db_.prepare("SELECT count(*), min(created_at) FROM outbox WHERE id > ?");
  s.bind(1, after_id);
  s.step();
  return {s.int64(0), s.optional_int64(1)};
}

}  // namespace vigie::store
