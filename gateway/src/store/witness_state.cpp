#include "store/witness_state.hpp"

#include <cstring>

namespace vigie::store {
namespace {

constexpr int kVersion = 1;

}  // namespace

WitnessState::WitnessState(Database& db) : db_(db) {
  const auto have = db_.scalar("PRAGMA user_version");
  if (have > kVersion)
    throw StoreError(db_.file().string() + ": witness state version " + std::to_string(have) +
                         " is newer than this build (" + std::to_string(kVersion) + ")",
                     0);
  if (have == kVersion) return;
  Transaction tx(db_);
  db_.exec(R"sql(
CREATE TABLE witnessed (
  origin TEXT PRIMARY KEY,
  size INTEGER NOT NULL CHECK (size >= 0),
  root BLOB NOT NULL CHECK (length(root) = 32),
  note TEXT NOT NULL,
  cosigned_at INTEGER NOT NULL
);
CREATE TABLE refusals (
  id INTEGER PRIMARY KEY,
  origin TEXT NOT NULL,
  status INTEGER NOT NULL,
  reason TEXT NOT NULL,
  known_note TEXT NOT NULL,
  submitted_note TEXT NOT NULL,
  at INTEGER NOT NULL
);
-- Anyone who saw a signed checkpoint can replay it with bad proofs: each one is kept once.
CREATE UNIQUE INDEX refusals_once ON refusals (origin, status, submitted_note);
PRAGMA user_version = 1;
)sql");
  tx.commit();
}

std::optional<WitnessedRow> WitnessState::latest(const std::string& origin) {
  auto s = db_.prepare("SELECT size, hex(root), note FROM witnessed WHERE origin = ?");
  s.bind(1, std::string_view(origin));
  if (!s.step()) return std::nullopt;
  WitnessedRow r;
  r.size = s.int64(0);
  const std::string hex = s.text(1);
  for (std::size_t i = 0; i < r.root.size(); ++i)
    r.root[i] = static_cast<std::uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  r.note = s.text(2);
  return r;
}

void WitnessState::record(const std::string& origin, const WitnessedRow& row, TimestampMs at) {
  auto s = db_.prepare(
      "INSERT INTO witnessed (origin, size, root, note, cosigned_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, "
      "note = excluded.note, cosigned_at = excluded.cosigned_at");
  s.bind(1, std::string_view(origin))
      .bind(2, row.size)
      .bind_blob(3,
                 std::string_view(reinterpret_cast<const char*>(row.root.data()), row.root.size()))
      .bind(4, std::string_view(row.note))
      .bind(5, static_cast<std::int64_t>(at));
  s.run();
}

void WitnessState::refuse(const WitnessRefusal& r) {
  auto s = db_.prepare(
      "INSERT OR IGNORE INTO refusals (origin, status, reason, known_note, submitted_note, at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, std::string_view(r.origin))
      .bind(2, static_cast<std::int64_t>(r.status))
      .bind(3, std::string_view(r.reason))
      .bind(4, std::string_view(r.known_note))
      .bind(5, std::string_view(r.submitted_note))
      .bind(6, static_cast<std::int64_t>(r.at));
  s.run();
}

std::int64_t WitnessState::refusals() {
  return db_.scalar("SELECT count(*) FROM refusals");
}

}  // namespace vigie::store
