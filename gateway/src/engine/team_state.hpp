// One team: how many of its agents handle calls or are available, for its
// occupancy criteria.
#pragma once

#include "engine/group_state.hpp"

namespace vigie::engine {

// How an agent's ACD state counts in occupancy.
enum class Engagement { none, available, handling };
Engagement engagement_of(AgentState s);

class TeamState final : public GroupState {
 public:
  TeamState(std::string id, const std::vector<const CriterionDef*>& defs);

  // One agent moved from `from` to `to` at t >= now(), after advance_to(t).
  void change(TimestampMs t, Engagement from, Engagement to);

  int handling() const { return handling_; }
  int available() const { return available_; }

 private:
  int handling_ = 0;
  int available_ = 0;
};

}  // namespace vigie::engine
