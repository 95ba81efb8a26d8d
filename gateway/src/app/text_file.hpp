// A file a user names on the command line, read whole; an unreadable one is bad
// input (exit 2), not a file with errors (exit 1).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace vigie::app {

// Why FILE cannot be read, or nothing once TEXT holds it.
std::optional<std::string> read_text(const std::filesystem::path& file, std::string& text);

}  // namespace vigie::app
