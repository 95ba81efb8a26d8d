#include "ingest/agent_roster.hpp"

namespace vigie::ingest {

void AgentRoster::reset(const std::vector<std::pair<std::string, std::string>>& known) {
  known_.clear();
  nodes_.clear();
  for (const auto& [agent, node] : known)
    if (known_.emplace(agent, node).second) ++nodes_[node].introduced;
}

bool AgentRoster::admit(const std::string& agent) {
  if (known_.count(agent)) return true;
  if (known_.size() >= limits_.max_agents) return false;
  known_.emplace(agent, std::string());
  return true;
}

Admission AgentRoster::admit(const std::string& agent, const std::string& node, TimestampMs now) {
  if (known_.count(agent)) return Admission::admitted;
  auto& quota = nodes_[node];
  while (!quota.recent.empty() && quota.recent.front() <= now - 60'000) quota.recent.pop_front();
  if (quota.introduced >= limits_.per_node) return Admission::node_full;
  if (quota.recent.size() >= limits_.per_node_per_minute) return Admission::node_too_fast;
  if (known_.size() >= limits_.max_agents) return Admission::site_full;
  known_.emplace(agent, node);
  ++quota.introduced;
  quota.recent.push_back(now);
  return Admission::admitted;
}

}  // namespace vigie::ingest
