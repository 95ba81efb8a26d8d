// Each kind's rule, made by its own file (engine/kinds/<kind>.cpp); the
// registry (registry.cpp) is their one caller.
#pragma once

#include <memory>

#include "engine/rule.hpp"

namespace vigie::engine {

std::unique_ptr<AgentRule> work_until_pause_rule(const CriterionDef& def);
std::unique_ptr<AgentRule> work_run_rule(const CriterionDef& def);
std::unique_ptr<AgentRule> pause_in_window_rule(const CriterionDef& def);
std::unique_ptr<AgentRule> recovery_after_tag_rule(const CriterionDef& def);
std::unique_ptr<AgentRule> work_sum_rule(const CriterionDef& def);
std::unique_ptr<AgentRule> work_average_rule(const CriterionDef& def);
std::unique_ptr<AgentRule> rest_in_window_rule(const CriterionDef& def);
std::unique_ptr<AgentRule> amplitude_rule(const CriterionDef& def);
std::unique_ptr<AgentRule> notice_rule(const CriterionDef& def);
std::unique_ptr<AgentRule> incident_rule(const CriterionDef& def);
std::unique_ptr<GroupRule> occupancy_rule(const CriterionDef& def);
std::unique_ptr<GroupRule> level_rule(const CriterionDef& def);

}  // namespace vigie::engine
