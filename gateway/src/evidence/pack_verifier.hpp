// Checks an audit pack offline with nothing but the pack: the signed manifest
// (every number a canonical integer) and every file's hash, the signed
// checkpoint, each run of entries with its range proof (format 4,
// docs/audit-pack.md) or each entry's bytes against its leaf and its inclusion
// proof (formats 3 and 2), each entry's site and time against the manifest's
// site and period, the order and completeness of the entries, each earlier
// checkpoint's origin and consistency with the latest, and every table and the
// report generated again from the proven entries, byte for byte. Every failure
// names the file and line, or the entry. Each file is read once, a block at a
// time (hashed as it is read): the memory it takes does not grow with the
// entries, only with the tables it generates.
//
// Without an expected fingerprint this proves self-consistency only: that the
// pack's own key signed it. Whoever holds any key can make such a pack.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "evidence/signed_note.hpp"

namespace vigie::evidence {

struct VerifyResult {
  std::vector<std::string> failures;
  std::size_t entries = 0;
  std::uint64_t tree_size = 0;
  std::string fingerprint;
  std::uint64_t uncovered = 0;    // entries of the period after the checkpoint, not in the pack
  std::size_t computed_days = 0;  // daily summaries computed at export, not in the ledger
  // The key names of the cosignature lines checkpoint.note carries (unverified unless
  // named in WITNESSES), and those of WITNESSES whose cosignature verified.
  std::vector<std::string> cosigners, witnessed_by;
  bool ok() const { return failures.empty(); }
};

// EXPECTED_FINGERPRINT, when given, is the key the auditor trusts (from the
// site, or from a checkpoint published on MQTT), as parse_fingerprint() reads
// it: any other key fails.
// WITNESSES (cosignature/v1 verifiers): each must have cosigned the pack's checkpoint
// (C2SP tlog-cosignature), else the pack fails.
VerifyResult verify_pack(const std::filesystem::path& dir,
                         const std::optional<std::string>& expected_fingerprint = std::nullopt,
                         const std::vector<Verifier>& witnesses = {});

}  // namespace vigie::evidence
