// Agent pseudonyms for auditors: HMAC-SHA256 of the identifier under the
// site's pseudonym key (evidence.pseudonym_key_file, created if missing).
#pragma once

#include <filesystem>
#include <string>

namespace vigie::custody {

class PseudonymKey {
 public:
  // Reads the 32-byte key, or creates it (mode 0600). Throws std::runtime_error.
  explicit PseudonymKey(const std::filesystem::path& file);
  // "p-" and 24 hex digits: stable for a key, not reversible without it.
  std::string pseudonym(const std::string& id) const;

 private:
  std::string key_;
};

}  // namespace vigie::custody
