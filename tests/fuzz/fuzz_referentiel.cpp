// Fuzzes the référentiel loader and profile resolution: any text yields a list
// of diagnostics (with line and column) or a référentiel whose every profile
// resolves; the loading path of the gateway refuses with ReferentielError only.
#include <cstddef>
#include <cstdint>
#include <string>

#include "referentiel/loader.hpp"
#include "referentiel/resolve.hpp"

using namespace vigie::referentiel;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto diagnostics = check_referentiel_text(text, "fuzz.yaml");
  // A YAML error the loader did not guard against is a bug even when reported.
  for (const auto& d : diagnostics)
    if (d.message.find(kUnreadableYaml) != std::string::npos) __builtin_trap();
  try {
    const auto ref = parse_referentiel(text, "fuzz.yaml");
    if (!ref.profiles.empty()) resolve(ref, ref.profiles.front().name);
    if (!ref.default_profile.empty()) {
      const auto active = resolve(ref, ref.default_profile);
      (void)active;
    }
    // What check passes, the gateway must load.
    if (diagnostics.empty())
      for (const auto& p : ref.profiles) resolve(ref, p.name);
  } catch (const ReferentielError& e) {
    // Refused: with at least one diagnostic, and check must have said so too.
    if (e.diagnostics().empty() || diagnostics.empty()) __builtin_trap();
  }
  return 0;
}
