// The auditor's endpoints (contract.md sec. 6):
//   GET /api/v1/audit/pack?from=&to=   auditor   an audit pack (vigie audit export) as one
//                                                 tar archive; from/to in ms since the epoch,
//                                                 ISO dates or date-times (site time)
//   GET /api/v1/audit/checkpoint       auditor   the newest signed checkpoint and the key's
//                                                 fingerprint (an addition to the contract)
// Admin may call them too.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/query_params.hpp"
#include "api/router.hpp"

namespace vigie::api {

class AuditService {
 public:
  virtual ~AuditService() = default;
  // {"origin","size","root","at","fingerprint","vkey","note"}, or nullopt while the ledger is
  // empty.
  virtual std::optional<nlohmann::json> latest_checkpoint() = 0;
  // The pack of [from, to) as a tar archive; nullopt while the ledger is empty. Throws
  // std::runtime_error when it cannot be written.
  virtual std::optional<std::string> pack_archive(std::int64_t from, std::int64_t to) = 0;
  // The archive's file name without ".tar" for [from, to): by default the two times in ms; a
  // gateway names it with the site and its civil dates.
  virtual std::string pack_name(std::int64_t from, std::int64_t to) const {
    return "vigie-audit-" + std::to_string(from) + "-" + std::to_string(to);
  }
};

// AUDIT must outlive ROUTER. SITE reads the period's dates and date-times on the site's clock.
void add_audit_routes(Router& router, AuditService& audit, SiteLocalToUtc site = {});

}  // namespace vigie::api
