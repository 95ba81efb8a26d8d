// The state of a `vigie witness` in its own SQLite file (not a gateway's store): the
// latest checkpoint cosigned per log origin, and every refusal of a checkpoint signed
// by a log's key, with both checkpoints (what it knew and what it was sent).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

struct WitnessedRow {
  std::int64_t size = 0;
  std::array<std::uint8_t, 32> root{};
  std::string note;
};

struct WitnessRefusal {
  std::string origin;
  int status = 0;
  std::string reason;
  std::string known_note;  // empty when nothing was cosigned for the origin yet
  std::string submitted_note;
  TimestampMs at = 0;
};

class WitnessState {
 public:
  // Creates the tables when the file is new; throws StoreError if the file is of a newer
  // version than this build knows.
  explicit WitnessState(Database& db);

  std::optional<WitnessedRow> latest(const std::string& origin);
  // Replaces the origin's latest checkpoint; inside the caller's transaction.
  void record(const std::string& origin, const WitnessedRow& row, TimestampMs at);
  // Kept once per (origin, status, submitted checkpoint): a replayed refusal adds nothing.
  void refuse(const WitnessRefusal& refusal);
  std::int64_t refusals();

 private:
  Database& db_;
};

}  // namespace vigie::store
