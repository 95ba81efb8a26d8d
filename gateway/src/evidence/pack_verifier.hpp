// Checks an audit pack offline with nothing but the pack: the signed manifest
// and every file's hash, the signed checkpoint, each entry's bytes against its
// leaf and its inclusion proof, the order and completeness of the entries, and
// each earlier checkpoint's consistency with the latest. Every failure names
// the entry or the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vigie::evidence {

struct VerifyResult {
  std::vector<std::string> failures;
  std::size_t entries = 0;
  std::uint64_t tree_size = 0;
  std::string fingerprint;
  bool ok() const { return failures.empty(); }
};

// EXPECTED_FINGERPRINT, when given, is the key the auditor trusts (from the
// site, or from a checkpoint published on MQTT): any other key fails.
VerifyResult verify_pack(const std::filesystem::path& dir,
                         const std::optional<std::string>& expected_fingerprint = std::nullopt);

}  // namespace vigie::evidence
