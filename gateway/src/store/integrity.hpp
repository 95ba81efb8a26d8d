// Whether a store file can be trusted before the gateway writes to it, and
// whether it may write to it at all. Reads only: a damaged file is reported,
// never repaired or overwritten (the operator restores it from a backup).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace vigie::store {

// What is wrong with FILE (not an SQLite database, truncated, a damaged page...)
// as SQLite's PRAGMA quick_check and its own errors say; nullopt if it is sound
// or does not exist yet (the gateway then creates it).
std::optional<std::string> store_damage(const std::filesystem::path& file);

// The full PRAGMA integrity_check of FILE, opened read-only: nullopt if sound.
std::optional<std::string> integrity_problem(const std::filesystem::path& file);

}  // namespace vigie::store
