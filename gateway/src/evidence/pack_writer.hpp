// Writes an audit pack (pack_format.hpp) for the entries whose time falls in
// [from, to): inclusion proofs against a checkpoint signed now, the earlier
// checkpoints with consistency proofs, CSV files, a report and a signed manifest.
#pragma once

#include <filesystem>
#include <string>

#include "domain/event.hpp"
#include "evidence/signed_note.hpp"
#include "store/database.hpp"

namespace vigie::evidence {

struct PackRequest {
  std::string site;
  std::string origin;     // ledger_origin()
  std::string time_zone;  // named in the report; the period is already in UTC
  TimestampMs from = 0, to = 0;
  std::filesystem::path out;
};

struct PackSummary {
  std::size_t entries = 0;
  std::uint64_t tree_size = 0;
};

// Throws std::runtime_error (a file that cannot be written, an empty ledger).
PackSummary write_pack(store::Database& db, const SigningKey& key, const PackRequest& request,
                       TimestampMs now);

}  // namespace vigie::evidence
