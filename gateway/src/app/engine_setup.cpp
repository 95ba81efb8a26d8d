#include "app/engine_setup.hpp"

#include "referentiel/loader.hpp"
#include "referentiel/resolve.hpp"

namespace vigie::app {

engine::EngineOptions engine_options(const Config& config) {
  const std::filesystem::path file = config.referentiel.file
                                         ? *config.referentiel.file
                                         : std::filesystem::path(VIGIE_DEFAULT_REFERENTIEL);
  const auto ref = referentiel::load_referentiel(file);
  engine::EngineOptions o;
  o.site = config.site;
  o.zone = engine::TimeZone::load(config.timezone);
  o.referentiel = referentiel::resolve(ref, config.referentiel.profile, config.site);
  return o;
}

}  // namespace vigie::app
