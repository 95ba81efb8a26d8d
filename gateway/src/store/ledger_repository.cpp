#include "store/ledger_repository.hpp"

#include <cstring>

namespace vigie::store {
namespace {

std::string_view bytes_of(const LeafHash& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}

LeafHash hash_of(const std::string& blob) {
  LeafHash h{};
  if (blob.size() == h.size()) std::memcpy(h.data(), blob.data(), h.size());
  return h;
}

CheckpointRow checkpoint_of(Statement& s) {
  return {s.int64(0), hash_of(s.text(1)), s.text(2), s.int64(3)};
}

}  // namespace

std::int64_t LedgerRepository::size() {
  return db_.scalar("SELECT coalesce(max(idx) + 1, 0) FROM ledger_leaves");
}

bool LedgerRepository::contains(const std::string& src, std::int64_t src_id) {
  auto s = db_.prepare("SELECT 1 FROM ledger_entries WHERE src = ? AND src_id = ?");
  s.bind(1, src).bind(2, src_id);
  return s.step();
}

std::int64_t LedgerRepository::last_source_id(const std::string& src) {
  auto s = db_.prepare(
      "SELECT max(coalesce((SELECT last_id FROM ledger_cursor WHERE src = ?1), 0),"
      " coalesce((SELECT max(src_id) FROM ledger_entries WHERE src = ?1), 0))");
  s.bind(1, src);
  s.step();
  return s.int64(0);
}

std::int64_t LedgerRepository::source_horizon(const std::string& src) {
  auto s = db_.prepare("SELECT coalesce(max(horizon), 0) FROM ledger_cursor WHERE src = ?");
  s.bind(1, src);
  s.step();
  return s.int64(0);
}

void LedgerRepository::insert(std::int64_t idx, const std::string& src, std::int64_t src_id,
                              const std::string& kind, TimestampMs at, const std::string& entry,
                              const LeafHash& hash) {
  auto leaf = db_.prepare("INSERT INTO ledger_leaves (idx, hash) VALUES (?, ?)");
  leaf.bind(1, idx).bind_blob(2, bytes_of(hash)).run();
  auto row = db_.prepare(
      "INSERT INTO ledger_entries (idx, src, src_id, kind, at, entry) VALUES (?,?,?,?,?,?)");
  row.bind(1, idx).bind(2, src).bind(3, src_id).bind(4, kind).bind(5, at).bind(6, entry).run();
  auto cursor = db_.prepare(
      "INSERT INTO ledger_cursor (src, last_id) VALUES (?1, ?2) ON CONFLICT (src)"
      " DO UPDATE SET last_id = excluded.last_id WHERE excluded.last_id > ledger_cursor.last_id");
  cursor.bind(1, src).bind(2, src_id).run();
}

std::vector<LeafHash> LedgerRepository::leaf_hashes(std::int64_t count) {
  std::vector<LeafHash> out;
  out.reserve(static_cast<std::size_t>(count));
  auto s = db_.prepare("SELECT hash FROM ledger_leaves WHERE idx < ? ORDER BY idx");
  s.bind(1, count);
  while (s.step()) out.push_back(hash_of(s.text(0)));
  return out;
}

std::vector<LedgerEntry> LedgerRepository::entries_between(TimestampMs from, TimestampMs to) {
  std::vector<LedgerEntry> out;
  for_each_between(from, to, [&](LedgerEntry&& e) { out.push_back(std::move(e)); });
  return out;
}

void LedgerRepository::for_each_between(TimestampMs from, TimestampMs to,
                                        const std::function<void(LedgerEntry&&)>& visit) {
  auto s = db_.prepare(
      "SELECT idx, kind, at, entry FROM ledger_entries WHERE at >= ? AND at < ? ORDER BY idx");
  s.bind(1, from).bind(2, to);
  while (s.step()) visit({s.int64(0), s.text(1), s.int64(2), s.text(3)});
}

std::optional<LedgerEntry> LedgerRepository::entry_at(std::int64_t idx) {
  auto s = db_.prepare("SELECT idx, kind, at, entry FROM ledger_entries WHERE idx = ?");
  s.bind(1, idx);
  if (!s.step()) return std::nullopt;
  return LedgerEntry{s.int64(0), s.text(1), s.int64(2), s.text(3)};
}

std::optional<LedgerEntry> LedgerRepository::in_force(const std::string& kind, TimestampMs to) {
  for (const char* sql :
       {"SELECT idx, kind, at, entry FROM ledger_entries WHERE kind = ? AND at < ?"
        " ORDER BY at DESC, idx DESC LIMIT 1",
        "SELECT idx, kind, at, entry FROM ledger_entries WHERE kind = ? AND ? = ?"
        " ORDER BY idx LIMIT 1"}) {
    auto s = db_.prepare(sql);
    s.bind(1, kind).bind(2, to);
    if (std::string_view(sql).find("? = ?") != std::string_view::npos) s.bind(3, to);
    if (s.step()) return LedgerEntry{s.int64(0), s.text(1), s.int64(2), s.text(3)};
  }
  return std::nullopt;
}

void LedgerRepository::add_checkpoint(const CheckpointRow& c) {
  auto s = db_.prepare("INSERT INTO checkpoints (size, root, note, signed_at) VALUES (?,?,?,?)");
  s.bind(1, c.size).bind_blob(2, bytes_of(c.root)).bind(3, c.note).bind(4, c.signed_at).run();
}

std::optional<CheckpointRow> LedgerRepository::latest_checkpoint() {
  auto s =
      db_.prepare("SELECT size, root, note, signed_at FROM checkpoints ORDER BY id DESC LIMIT 1");
  if (!s.step()) return std::nullopt;
  return checkpoint_of(s);
}

std::vector<CheckpointRow> LedgerRepository::checkpoints() {
  std::vector<CheckpointRow> out;
  auto s = db_.prepare("SELECT size, root, note, signed_at FROM checkpoints ORDER BY id");
  while (s.step()) out.push_back(checkpoint_of(s));
  return out;
}

}  // namespace vigie::store
