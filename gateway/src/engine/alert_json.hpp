// The contract's JSON alert object (sec. 5, plus additions: unit, profile,
// params, updated_at, nodata_at), for the edges only: MQTT, HTTP and the live
// views, webhooks, the store's records (and through them the ledger), replay's
// output. Inside the process an alert is an engine::Alert.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/alert.hpp"

namespace vigie::engine {

// One line, keys in the contract's order: the bytes published and stored.
std::string to_json(const Alert& alert);

// The same object as a value (keys sorted, as nlohmann::json keeps them), for an edge
// that adds to it or passes it through the pseudonymiser.
nlohmann::json alert_object(const Alert& alert);

}  // namespace vigie::engine
