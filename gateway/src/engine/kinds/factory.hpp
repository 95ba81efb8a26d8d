// The engine side of the kind table (referentiel/kinds.hpp): what each kind's
// alerts show as threshold and unit, and the rule that computes it.
#pragma once

#include <memory>

#include "engine/rule.hpp"
#include "referentiel/referentiel.hpp"

namespace vigie::engine {

CriterionDef describe(const referentiel::ActiveCriterion& c);

// A fresh rule for one agent; nullptr if the kind is not about agents.
std::unique_ptr<AgentRule> make_agent_rule(const CriterionDef& def);

}  // namespace vigie::engine
