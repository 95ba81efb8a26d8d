// The staff representatives' overview (api::CseService, issue 19): each day of the period
// summarised from the store (summarise_day, as the ledger's agent.day entries are),
// added up per team with small teams merged (summary/team_tally), beside the site's
// compliance, occupancy and counts read through the floor. Nothing in it names an agent.
#pragma once

#include <mutex>

#include "api/cse_service.hpp"
#include "store/database.hpp"
#include "summary/day_summary.hpp"

namespace vigie::summary {

class CseView final : public api::CseService {
 public:
  // FLOOR is the served floor (its compliance and its teams' live counts); DB a connection of
  // the HTTP side; ZONE and REFERENTIEL the engine's. All must outlive this object.
  CseView(const api::FloorService& floor, store::Database& db, const engine::TimeZone& zone,
          const referentiel::ActiveReferentiel& referentiel)
      : floor_(floor), db_(db), zone_(zone), referentiel_(referentiel) {}

  nlohmann::json overview(api::EpochMs from, api::EpochMs to) const override;

 private:
  const api::FloorService& floor_;
  store::Database& db_;
  const engine::TimeZone& zone_;
  const referentiel::ActiveReferentiel& referentiel_;
  mutable std::mutex mu_;  // one overview at a time on db_
};

}  // namespace vigie::summary
