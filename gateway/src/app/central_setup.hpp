// The site's side of the group's central PostgreSQL (issue 18), as the gateway
// starts: the outbox enabled (queueing whatever was stored before, once) when
// `central:` is configured, disabled and emptied when it is not, and the
// shipper started on a store connection of its own.
#pragma once

#include <memory>
#include <optional>

#include "api/gateway_status.hpp"
#include "central/shipper.hpp"
#include "config/config.hpp"
#include "store/database.hpp"

namespace vigie::app {

// Null without a central. Throws std::exception when the store refuses.
std::unique_ptr<central::Shipper> start_shipper(const Config& config, store::Database& db,
                                                central::AlertPseudonymiser pseudonymise_alert);

// What /healthz says of the outbox; nothing without a shipper.
std::optional<api::OutboxHealth> outbox_health(const central::Shipper* shipper);

}  // namespace vigie::app
