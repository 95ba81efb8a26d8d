#include "app/engine_setup.hpp"

#include "app/governance.hpp"
#include "referentiel/loader.hpp"
#include "referentiel/resolve.hpp"

namespace vigie::app {

std::filesystem::path shipped_referentiel() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed =
        exe.parent_path().parent_path() / "share" / "vigie" / "vigie-fr-default.yaml";
    if (std::filesystem::is_regular_file(installed, ec)) return installed;
  }
  return VIGIE_DEFAULT_REFERENTIEL;
}

std::filesystem::path referentiel_file(const Config& config) {
  return config.referentiel.file ? *config.referentiel.file : shipped_referentiel();
}

engine::EngineOptions engine_options(const Config& config) {
  const std::filesystem::path file =
      config.referentiel.file ? *config.referentiel.file : shipped_referentiel();
  const auto ref = referentiel::load_referentiel(file);
  engine::EngineOptions o;
  o.site = config.site;
  o.zone = engine::TimeZone::load(config.timezone);
  if (config.referentiel.overrides.IsMap()) {
    // The config's overrides go on top of the référentiel's own for this site.
    const auto extra = referentiel::parse_site_overrides(config.referentiel.overrides,
                                                         config.source.string(), ref);
    o.referentiel = referentiel::resolve(ref, config.referentiel.profile, config.site, &extra);
  } else {
    o.referentiel = referentiel::resolve(ref, config.referentiel.profile, config.site);
  }
  // The governance gate: agent criteria are never instantiated until it is complete.
  if (!config.governance.complete()) keep_team_level_criteria(o.referentiel);
  return o;
}

}  // namespace vigie::app
