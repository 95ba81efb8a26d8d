// The governance gate: per-agent monitoring only once the CSE was consulted
// (Code du travail L.2312-38), the DPIA done (GDPR art. 35) and the staff
// informed (L.1222-4). Until then the gateway runs team-level only: no
// agent-scoped criterion, no agent's daily summary, no agent on the API.
#pragma once

#include <string>

#include "config/config.hpp"
#include "referentiel/referentiel.hpp"

namespace vigie::app {

// Removes the agent-scoped criteria: team, zone and node criteria stay.
void keep_team_level_criteria(referentiel::ActiveReferentiel& active);

// The start-up log line: the mode and, when incomplete, the dates missing.
std::string governance_notice(const GovernanceConfig& governance);

}  // namespace vigie::app
