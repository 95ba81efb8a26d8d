// The auditor's endpoints over the gateway's store: the newest checkpoint, and
// an audit pack written to a temporary directory, archived, and removed. The
// pack is proven against the newest stored checkpoint and computes no missing
// daily summary (the gateway writes the last week's); `vigie audit export` does.
// Runs on the engine's thread with its connection (a long export delays the
// live view by as long; see docs/benchmarks.md for the export times).
#pragma once

#include <nlohmann/json.hpp>

#include "api/audit_routes.hpp"
#include "config/config.hpp"
#include "evidence/signed_note.hpp"
#include "store/database.hpp"

namespace vigie::custody {

class GatewayAudit : public api::AuditService {
 public:
  GatewayAudit(const Config& config, store::Database& db, const evidence::SigningKey& key);
  std::optional<nlohmann::json> latest_checkpoint() override;
  std::optional<std::string> pack_archive(std::int64_t from, std::int64_t to) override;
  // "vigie-audit-paris-1-2026-12-01-2026-12-07": the site, then the civil dates (site time)
  // of the period's first and last instants; a bound off midnight adds its time ("T08h30").
  std::string pack_name(std::int64_t from, std::int64_t to) const override;

 private:
  const Config& config_;
  store::Database& db_;
  const evidence::SigningKey& key_;
};

}  // namespace vigie::custody
