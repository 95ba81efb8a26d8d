// Writes an audit pack (pack_format.hpp) for the entries whose time falls in
// [from, to): inclusion proofs against the newest checkpoint stored, the earlier
// checkpoints with consistency proofs, CSV files, a report and a signed manifest.
// It only reads the store: it signs no checkpoint and appends nothing. Entries of
// the period appended after that checkpoint are left out and counted in the
// manifest and the report ("uncovered").
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "evidence/pack_format.hpp"
#include "evidence/signed_note.hpp"
#include "store/database.hpp"

namespace vigie::evidence {

// An agent's daily summary missing from the ledger, computed for the pack.
struct ComputedDay {
  TimestampMs at = 0;  // the day's last ms, as the ledger would time it
  nlohmann::json data;
};

struct PackRequest {
  std::string site;
  std::string origin;     // ledger_origin()
  std::string time_zone;  // named in the report; the period is already in UTC
  TimestampMs from = 0, to = 0;
  std::filesystem::path out;
  std::vector<ComputedDay> computed_days = {};
  // pack::kFormat; pack::kFormatV3 or kFormatV2 writes a pack as earlier gateways did (tests check
  // that verify still accepts those).
  std::string format = pack::kFormat;
};

struct PackSummary {
  std::size_t entries = 0;
  std::uint64_t tree_size = 0;
  std::uint64_t uncovered = 0;
};

// Throws std::runtime_error (a file that cannot be written, no checkpoint
// signed by KEY stored yet).
PackSummary write_pack(store::Database& db, const SigningKey& key, const PackRequest& request,
                       TimestampMs now);

}  // namespace vigie::evidence
