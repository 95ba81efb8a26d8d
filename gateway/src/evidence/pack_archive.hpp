// One archive of an audit pack's directory, for a download: a POSIX ustar
// file (readable by `tar xf`), its regular files in name order under FOLDER/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace vigie::evidence {

// Throws std::runtime_error for a file it cannot read or a name over 99 bytes.
std::string tar_directory(const std::filesystem::path& dir, const std::string& folder,
                          std::int64_t mtime_s);

}  // namespace vigie::evidence
