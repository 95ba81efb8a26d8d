// The agents the gateway tracks, with ceilings no single node can exhaust:
// the site's (max_agents), and each node's own (the new agents it introduced,
// in all and in the last minute). An agent already known is always admitted,
// whichever node names it; a new one past a ceiling is refused, and only the
// node that went over its quota is refused. Rebuilt from the store at start.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/event.hpp"

namespace vigie::ingest {

inline constexpr std::size_t kMaxAgents = 20000;
inline constexpr std::size_t kMaxNodes = 1000;

struct RosterLimits {
  std::size_t max_agents = kMaxAgents;    // the site's
  std::size_t per_node = 2000;            // new agents one node may introduce
  std::size_t per_node_per_minute = 200;  // ... in any minute (gateway time)
};

enum class Admission { admitted, site_full, node_full, node_too_fast };

class AgentRoster {
 public:
  explicit AgentRoster(std::size_t max_agents = kMaxAgents) { limits_.max_agents = max_agents; }
  explicit AgentRoster(RosterLimits limits) : limits_(limits) {}

  // AGENT and the node that first named it, as the store holds them.
  void reset(const std::vector<std::pair<std::string, std::string>>& known);
  // Site ceiling only (no node): true when AGENT is known or there is room for it.
  bool admit(const std::string& agent);
  // Whether AGENT may be tracked when NODE names it at gateway time NOW; a new one
  // admitted counts against NODE's quotas.
  Admission admit(const std::string& agent, const std::string& node, TimestampMs now);

  std::size_t size() const { return known_.size(); }
  std::size_t max() const { return limits_.max_agents; }
  const RosterLimits& limits() const { return limits_; }

 private:
  struct NodeQuota {
    std::size_t introduced = 0;
    std::deque<TimestampMs> recent;  // admission times within the last minute
  };

  RosterLimits limits_;
  std::map<std::string, std::string, std::less<>> known_;  // agent -> node that introduced it
  std::map<std::string, NodeQuota, std::less<>> nodes_;
};

}  // namespace vigie::ingest
