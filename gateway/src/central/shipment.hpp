// One shipment: the outbox's next rows, read from the site's store, as the
// central tables' rows (agents by pseudonym only), upserted in one PostgreSQL
// transaction keyed by (site, the site's row id, its time); the outbox rows
// are deleted only once that transaction committed. A shipment sent twice (a
// commit whose answer was lost) updates the same rows to the same values.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "central/pg_connection.hpp"
#include "store/outbox_repository.hpp"

namespace vigie::central {

// Each central table's new rows, as JSON arrays of objects (jsonb_to_recordset).
struct CentralRows {
  nlohmann::json alert_transitions = nlohmann::json::array();
  nlohmann::json node_history = nlohmann::json::array();
  nlohmann::json gaps = nlohmann::json::array();
  nlohmann::json agent_days = nlohmann::json::array();
  nlohmann::json checkpoints = nlohmann::json::array();
  std::size_t size() const;
};

using AlertPseudonymiser = std::function<nlohmann::json(nlohmann::json)>;

// The rows a batch becomes. Alerts go through PSEUDONYMISE (the ledger's rule,
// evidence::pseudonymous_transition); an agent's day is its ledger entry, which
// holds pseudonyms only. Throws std::runtime_error on a source row it cannot read.
CentralRows central_rows(const store::OutboxBatch& batch, const AlertPseudonymiser& pseudonymise);

struct ShipmentOptions {
  std::string site;
  std::string gateway_id;
  std::size_t batch = 2000;  // outbox rows per transaction
  AlertPseudonymiser pseudonymise_alert;
};

struct ShipmentResult {
  std::size_t outbox_rows = 0;  // outbox rows committed centrally and deleted here
  std::size_t central_rows = 0;
  double central_seconds = 0;  // spent waiting for PostgreSQL (the central's share)
};

// Ships the outbox's next batch, if any. Throws CentralError when PostgreSQL
// refuses or the link fails (nothing deleted here: the batch goes again), and
// store::StoreError when the site's store does.
ShipmentResult ship_next(store::OutboxRepository& outbox, PgConnection& pg,
                         const ShipmentOptions& options);

}  // namespace vigie::central
