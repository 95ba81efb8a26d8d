// Ingest's options from the gateway configuration and the référentiel in force:
// the site, the silence rule of the time model, and SYS-02's hold for giving
// up a hole (docs/architecture.md, "Time and order").
#pragma once

#include "config/config.hpp"
#include "engine/engine.hpp"
#include "ingest/ingestor.hpp"

namespace vigie::app {

ingest::IngestOptions ingest_options(const Config& config, const engine::EngineOptions& engine);

}  // namespace vigie::app
