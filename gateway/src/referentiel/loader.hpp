// Reads a referentiel YAML file (schema: gateway/referentiel/vigie-fr-default.yaml
// and docs in its header) into a Referentiel, validating every criterion
// against the kind table (kinds.hpp). Every error names its line and column;
// all errors of a file are reported at once, not only the first.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "referentiel/diagnostic.hpp"
#include "referentiel/referentiel.hpp"

namespace YAML {
class Node;
}

namespace vigie::referentiel {

// Starts the diagnostic of a YAML error the loader did not foresee (a bug to
// fix, reported rather than aborting); the fuzzer looks for it.
inline constexpr const char* kUnreadableYaml = "the loader could not read this YAML: ";

// Throws ReferentielError (all diagnostics) if the file is unreadable or invalid.
Referentiel load_referentiel(const std::filesystem::path& file);
Referentiel parse_referentiel(const std::string& text, const std::string& source_name);

// For `vigie referentiel check`: every problem of the file, including those
// that only show once a profile or a site's overrides are applied. Empty: valid.
std::vector<Diagnostic> check_referentiel(const std::filesystem::path& file);
std::vector<Diagnostic> check_referentiel_text(const std::string& text,
                                               const std::string& source_name);

// Per-site overrides written elsewhere (e.g. under `referentiel.overrides` in
// the gateway config), validated against `ref`. Schema: as a `sites:` entry.
SiteOverrides parse_site_overrides(const YAML::Node& node, const std::string& source_name,
                                   const Referentiel& ref);

}  // namespace vigie::referentiel
