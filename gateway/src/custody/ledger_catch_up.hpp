// The evidence ledger brought up to date before `vigie report self-assessment` reads it
// offline: what the store holds that the ledger lacks, then the agents' daily summaries of
// FIRST..LAST that are complete at NOW and not yet recorded (the gateway writes them an
// hour after each day ends). `vigie audit export` appends nothing: it computes missing
// summaries into its pack.
#pragma once

#include "config/config.hpp"
#include "engine/civil_date.hpp"
#include "engine/engine.hpp"
#include "store/database.hpp"

namespace vigie::custody {

void catch_up_ledger(store::Database& db, const Config& config, const engine::EngineOptions& engine,
                     engine::CivilDate first, engine::CivilDate last, TimestampMs now);

}  // namespace vigie::custody
