// The site's side of the group's central PostgreSQL (issue 18), as the gateway
// starts: the shipper started on a store connection of its own when `central:`
// is configured (it enables the outbox, queueing whatever was stored before,
// once), the outbox disabled and emptied when it is not.
#pragma once

#include <memory>
#include <optional>

#include "api/gateway_status.hpp"
#include "central/shipper.hpp"
#include "config/config.hpp"
#include "store/database.hpp"

namespace vigie::app {

// Null without a central. Throws std::exception when the shipper's store connection cannot
// be opened.
std::unique_ptr<central::Shipper> start_shipper(const Config& config, store::Database& db,
                                                central::AlertPseudonymiser pseudonymise_alert);

// What /healthz says of the outbox; nothing without a shipper.
std::optional<api::OutboxHealth> outbox_health(const central::Shipper* shipper);

}  // namespace vigie::app
