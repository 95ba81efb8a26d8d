// The engine's options from the gateway configuration: the référentiel file
// (the shipped default when none is named), the profile, the time zone.
#pragma once

#include <filesystem>

#include "config/config.hpp"
#include "engine/engine.hpp"

namespace vigie::app {

// The shipped default référentiel: beside an installed binary
// (BIN/../share/vigie/vigie-fr-default.yaml, /usr/share/vigie/ in the Debian
// package) if there is one, else the source tree's (a build-tree binary).
std::filesystem::path shipped_referentiel();
// The référentiel file in force: the configuration's, else the shipped one.
std::filesystem::path referentiel_file(const Config& config);

// Agent-scoped criteria are left out while config.governance is incomplete.
// Throws std::runtime_error with a message that names the file and the problem.
engine::EngineOptions engine_options(const Config& config);

}  // namespace vigie::app
