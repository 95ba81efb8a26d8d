// The agents the gateway tracks, with a ceiling: a new agent past it is
// refused, the ones already known keep working. Rebuilt from the store at start.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace vigie::ingest {

inline constexpr std::size_t kMaxAgents = 20000;
inline constexpr std::size_t kMaxNodes = 1000;

class AgentRoster {
 public:
  explicit AgentRoster(std::size_t max_agents = kMaxAgents) : max_(max_agents) {}

  void reset(const std::vector<std::string>& known) { known_ = {known.begin(), known.end()}; }
  // True when AGENT is known or there is room for it (it is then known).
  bool admit(const std::string& agent);

  std::size_t size() const { return known_.size(); }
  std::size_t max() const { return max_; }

 private:
  std::size_t max_;
  std::set<std::string, std::less<>> known_;
};

}  // namespace vigie::ingest
