#include "app/ingest_setup.hpp"

#include "referentiel/kinds.hpp"

namespace vigie::app {

ingest::IngestOptions ingest_options(const Config& config, const engine::EngineOptions& engine) {
  ingest::IngestOptions o;
  o.site = config.site;
  const auto& tm = engine.referentiel.time_model;
  o.silence = tm.silence;
  o.lateness = tm.lateness;
  o.max_skew = config.limits.max_skew.count();
  o.give_up.resync_wait = config.limits.resync_wait.count();
  o.agents_per_node = static_cast<std::size_t>(config.limits.agents_per_node);
  o.new_agents_per_minute = static_cast<std::size_t>(config.limits.new_agents_per_minute);
  // The data_gap criterion's hold, even when SYS-02 is switched off: holes are given up alike.
  for (const auto& c : engine.referentiel.criteria) {
    const auto* kind = referentiel::find_kind(c.kind);
    if (kind && kind->kind == referentiel::Kind::data_gap) o.give_up.hold = c.duration("hold");
  }
  return o;
}

}  // namespace vigie::app
