// What the ledger records, at each start, of what is in force: the référentiel
// (its criteria and thresholds, the file's hash) and the configuration (the
// settings that change what is measured or kept, the file's hash; never a token).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "engine/engine.hpp"

namespace vigie::custody {

nlohmann::json referentiel_record(const engine::EngineOptions& options,
                                  const std::filesystem::path& file);
nlohmann::json config_record(const Config& config, const std::filesystem::path& file);

}  // namespace vigie::custody
