// The governance gate at engine set-up: agent-scoped criteria are instantiated
// only once the three dates are set; team, zone and node criteria always are.
#include <gtest/gtest.h>

#include <set>

#include "app/engine_setup.hpp"
#include "app/governance.hpp"

using namespace vigie;

namespace {

std::set<std::string> criteria(const engine::EngineOptions& o, referentiel::Scope scope) {
  std::set<std::string> ids;
  for (const auto& c : o.referentiel.criteria)
    if (c.scope == scope) ids.insert(c.id);
  return ids;
}

Config config_with(const std::string& governance) {
  return parse_config("site: paris-1\n" + governance, "vigie.yaml", "/etc/vigie");
}

constexpr const char* kComplete =
    "governance: {cse_consulted: 2025-09-15, dpia_done: 2025-10-01, staff_informed: 2025-10-15}\n";

}  // namespace

TEST(GovernanceSetup, IncompleteGovernanceInstantiatesNoAgentCriterion) {
  const auto gated = app::engine_options(
      config_with("governance: {cse_consulted: 2025-09-15, staff_informed: 2025-10-15}\n"));
  EXPECT_TRUE(criteria(gated, referentiel::Scope::agent).empty());
  EXPECT_EQ(criteria(gated, referentiel::Scope::team), std::set<std::string>{"LOAD-01"});
  EXPECT_EQ(criteria(gated, referentiel::Scope::zone), std::set<std::string>{"ENV-02"});
  EXPECT_EQ(criteria(gated, referentiel::Scope::node),
            (std::set<std::string>{"SYS-01", "SYS-02", "SYS-03"}));
  EXPECT_TRUE(criteria(app::engine_options(config_with("")), referentiel::Scope::agent).empty());
}

TEST(GovernanceSetup, CompleteGovernanceKeepsEveryCriterion) {
  const auto full = app::engine_options(config_with(kComplete));
  EXPECT_TRUE(criteria(full, referentiel::Scope::agent).count("BRK-01"));
  const auto gated = app::engine_options(config_with(""));
  EXPECT_EQ(full.referentiel.criteria.size() - criteria(full, referentiel::Scope::agent).size(),
            gated.referentiel.criteria.size());
}

TEST(GovernanceSetup, TheLogLineNamesWhatIsMissing) {
  EXPECT_EQ(app::governance_notice(config_with("governance: {dpia_done: 2025-10-01}\n").governance),
            "governance incomplete, missing governance.cse_consulted, governance.staff_informed: "
            "team-level only (no per-agent alerts, nudges, evidence or API views)");
  EXPECT_EQ(app::governance_notice(config_with(kComplete).governance),
            "governance complete (CSE consulted 2025-09-15, DPIA done 2025-10-01, staff informed "
            "2025-10-15): per-agent monitoring on");
}
