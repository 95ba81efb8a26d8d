// Whether a store file can be trusted before the gateway writes to it, and
// whether it may write to it at all. Reads only: a damaged file is reported,
// never repaired or overwritten (the operator restores it from a backup).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace vigie::store {

// What to do with an existing store file of 0 bytes: it is more often a store lost
// by accident (a copy or a restore cut short) than a new one, so only an explicit
// `vigie gateway --init` makes a new store in its place.
enum class EmptyStore { refuse, initialise };

// Why the gateway must not start on FILE, in a sentence that names it; nullopt if it
// may (a sound store, no file yet, or an empty one with EmptyStore::initialise).
std::optional<std::string> start_refusal(const std::filesystem::path& file, EmptyStore empty);

// What is wrong with FILE (not an SQLite database, truncated, a damaged page...)
// as SQLite's PRAGMA quick_check and its own errors say; nullopt if it is sound
// or does not exist yet (the gateway then creates it).
std::optional<std::string> store_damage(const std::filesystem::path& file);

// The full PRAGMA integrity_check of FILE, opened read-only: nullopt if sound.
std::optional<std::string> integrity_problem(const std::filesystem::path& file);

}  // namespace vigie::store
