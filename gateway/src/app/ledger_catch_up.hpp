// The evidence ledger brought up to date before it is read offline (`vigie audit export`,
// `vigie report self-assessment`): what the store holds that the ledger lacks, then the
// agents' daily summaries of FIRST..LAST that are complete at NOW and not yet recorded (the
// gateway writes them an hour after each day ends).
#pragma once

#include "config/config.hpp"
#include "engine/civil_date.hpp"
#include "engine/engine.hpp"
#include "store/database.hpp"

namespace vigie::app {

void catch_up_ledger(store::Database& db, const Config& config,
                     const engine::EngineOptions& engine, engine::CivilDate first,
                     engine::CivilDate last, TimestampMs now);

}  // namespace vigie::app
