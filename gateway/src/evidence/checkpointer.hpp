// Signs checkpoints of the evidence ledger: the C2SP tlog-checkpoint of the
// whole tree (origin, size, RFC 9162 root) as an Ed25519 signed note, stored
// in the checkpoints table. A new one only when the ledger grew (or the key
// changed).
#pragma once

#include <optional>
#include <string>

#include "domain/event.hpp"
#include "evidence/signed_note.hpp"
#include "store/database.hpp"
#include "store/ledger_repository.hpp"

namespace vigie::evidence {

// "vigie/<site>/<gateway>": names the log in every checkpoint.
std::string ledger_origin(const std::string& site, const std::string& gateway_id);

class Checkpointer {
 public:
  Checkpointer(store::Database& db, const SigningKey& key, std::string origin)
      : ledger_(db), key_(key), origin_(std::move(origin)) {}

  // The signed note of the newest checkpoint after signing one if the ledger
  // grew past it; nullopt while the ledger is empty.
  std::optional<std::string> checkpoint(TimestampMs now);

 private:
  bool signed_by_us(const std::string& note) const;

  store::LedgerRepository ledger_;
  const SigningKey& key_;
  std::string origin_;
};

}  // namespace vigie::evidence
