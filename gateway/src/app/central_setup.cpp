#include "app/central_setup.hpp"

#include <iostream>

#include "domain/wall_now.hpp"
#include "store/outbox_repository.hpp"

namespace vigie::app {

std::unique_ptr<central::Shipper> start_shipper(const Config& config, store::Database& db,
                                                central::AlertPseudonymiser pseudonymise_alert) {
  if (!config.central) {
    // Nothing would ship it: queue nothing. A central added later gets the whole history.
    try {
      store::OutboxRepository(db).disable();
    } catch (const std::exception& e) {
      // Nothing is lost: the queue stays until a start that can empty it.
      std::cerr << "vigie: central: cannot empty the outbox now: " << e.what() << std::endl;
    }
    return nullptr;
  }
  // The shipper enables the outbox on its own thread (and retries if the store refuses).
  central::ShipperOptions o;
  o.shipment.site = config.site;
  o.shipment.gateway_id = config.gateway_id;
  o.shipment.batch = static_cast<std::size_t>(config.central->batch);
  o.shipment.pseudonymise_alert = std::move(pseudonymise_alert);
  o.pg.conninfo = config.central->conninfo;
  o.pg.password = config.central->password;
  o.pg.application_name = "vigie gateway " + config.gateway_id;
  o.pg.timeout = config.central->timeout;
  o.interval = config.central->interval;
  o.clock = wall_now;
  auto shipper = std::make_unique<central::Shipper>(
      std::move(o), std::make_unique<store::Database>(
                        config.store.path, store::OpenOptions{config.store.synchronous, false}));
  shipper->start();
  return shipper;
}

std::optional<api::OutboxHealth> outbox_health(const central::Shipper* shipper) {
  if (!shipper) return std::nullopt;
  const auto s = shipper->status();
  return api::OutboxHealth{s.depth, s.oldest_age_seconds, s.central_connected, s.last_error};
}

}  // namespace vigie::app
