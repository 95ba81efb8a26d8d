#include "app/governance.hpp"

#include <algorithm>

namespace vigie::app {

void keep_team_level_criteria(referentiel::ActiveReferentiel& active) {
  std::erase_if(active.criteria, [](const referentiel::ActiveCriterion& c) {
    return c.scope == referentiel::Scope::agent;
  });
}

std::string governance_notice(const GovernanceConfig& governance) {
  if (governance.complete())
    return "governance complete (CSE consulted " + *governance.cse_consulted + ", DPIA done " +
           *governance.dpia_done + ", staff informed " + *governance.staff_informed +
           "): per-agent monitoring on";
  std::string missing;
  for (const auto& key : governance.missing())
    missing += (missing.empty() ? "" : ", ") + ("governance." + key);
  return "governance incomplete, missing " + missing +
         ": team-level only (no per-agent alerts, nudges, evidence or API views)";
}

}  // namespace vigie::app
