// The self-assessment report served over HTTP (api::ReportService): read from the ledger as
// it stands and its latest checkpoint, never written to; days not yet under a checkpoint make
// the report say it is not verified (the command `vigie report` signs one first).
#pragma once

#include <mutex>

#include "api/report_routes.hpp"
#include "engine/time_zone.hpp"
#include "evidence/signed_note.hpp"
#include "referentiel/referentiel.hpp"
#include "store/database.hpp"

namespace vigie::report {

class GatewayReport final : public api::ReportService {
 public:
  // All must outlive this object.
  GatewayReport(const std::string& site, const std::string& time_zone, const engine::TimeZone& zone,
                const referentiel::ActiveReferentiel& referentiel, store::Database& db,
                const evidence::SigningKey& key)
      : site_(site),
        time_zone_(time_zone),
        zone_(zone),
        referentiel_(referentiel),
        db_(db),
        key_(key) {}

  api::Parsed<std::string> self_assessment(const std::string& from, const std::string& to) override;

 private:
  const std::string& site_;
  const std::string& time_zone_;
  const engine::TimeZone& zone_;
  const referentiel::ActiveReferentiel& referentiel_;
  store::Database& db_;
  const evidence::SigningKey& key_;
  std::mutex mu_;
};

}  // namespace vigie::report
