// Working conditions in Prometheus text (for /metrics): alerts by criterion,
// severity and state, agents by state per team, occupancy per team, nodes by
// state, and how old the evidence's checkpoint is. Aggregates only: no series
// names an agent, by id or pseudonym (never a ranking of agents).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "domain/event.hpp"
#include "engine/alert.hpp"

namespace vigie::app {

// Open alerts counted by (criterion, severity, state): /metrics counts them under the
// engine's lock instead of copying every alert (15,000 at 5,000 agents, issue 15).
struct AlertTally {
  std::map<std::tuple<std::string, std::string, std::string>, int> by_key;
  void add(const engine::Alert& a);
};

struct ConditionSnapshot {
  // app::FloorView::agent_states(): {"agents": [{"team","state"}...], "teams": [...]}
  nlohmann::json agents;
  // api::FloorService::nodes(): [{"node","state",...}]; null when the store could not
  // be read (the other families are still served).
  nlohmann::json nodes;
  AlertTally active_alerts;
  TimestampMs last_checkpoint = 0;  // 0: none yet
  TimestampMs now = 0;
};

std::string condition_metrics_text(const ConditionSnapshot& s);

}  // namespace vigie::app
