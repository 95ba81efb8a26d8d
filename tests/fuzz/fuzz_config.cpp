// Fuzzes the gateway configuration loader: any text either loads or is refused
// with a ConfigError naming the file and key. Relative paths resolve under a
// directory that does not exist, so nothing is read but what the input names.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto config = vigie::parse_config(text, "fuzz.yaml", "/nonexistent-vigie-fuzz");
    if (config.site.empty()) __builtin_trap();
  } catch (const vigie::ConfigError&) {
    // A refusal with file, line and key: the expected outcome for bad input.
  }
  return 0;
}
