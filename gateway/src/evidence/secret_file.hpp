// The one way Vigie writes a secret to disk (the site's signing key, the pseudonym key):
// into a private temporary file beside it (0600, whatever the umask), synced, then
// hard-linked into place, so nobody ever reads a half-written secret and a file that
// exists is never overwritten; the directory entry is synced too.
#pragma once

#include <filesystem>
#include <string_view>

namespace vigie::evidence {

// Creates FILE (and its directory) holding BYTES. Returns false, writing nothing, when
// FILE already exists (another process may have just created it: read that one).
// Throws std::runtime_error naming FILE when it cannot be written.
bool create_secret_file(const std::filesystem::path& file, std::string_view bytes);

}  // namespace vigie::evidence
