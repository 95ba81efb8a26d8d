#include "ingest/agent_roster.hpp"

namespace vigie::ingest {

bool AgentRoster::admit(const std::string& agent) {
  if (known_.count(agent)) return true;
  if (known_.size() >= max_) return false;
  known_.insert(agent);
  return true;
}

}  // namespace vigie::ingest
