// Each kind's rule, made by its own file (engine/kinds/<kind>.cpp); the
// registry (registry.cpp) is their one caller.
#pragma once

#include <memory>

#include "engine/rule.hpp"

namespace vigie::engine {

using MakeAgentRule = std::unique_ptr<AgentRule>(const CriterionDef& def);
using MakeGroupRule = std::unique_ptr<GroupRule>(const CriterionDef& def);

MakeAgentRule work_until_pause_rule, work_run_rule, pause_in_window_rule, recovery_after_tag_rule,
    work_sum_rule, work_average_rule, rest_in_window_rule, amplitude_rule, notice_rule,
    incident_rule;
MakeGroupRule occupancy_rule, level_rule;

}  // namespace vigie::engine
