// One team: how many of its agents handle calls or are available, for its
// occupancy criteria.
#pragma once

#include <memory>
#include <vector>

#include "engine/kinds/occupancy.hpp"
#include "engine/subject_state.hpp"

namespace vigie::engine {

// How an agent's ACD state counts in occupancy.
enum class Engagement { none, available, handling };
Engagement engagement_of(AgentState s);

class TeamState final : public SubjectState {
 public:
  TeamState(std::string id, const std::vector<const CriterionDef*>& defs);

  TimestampMs next_deadline() const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override;

  // One agent moved from `from` to `to` at t >= now(), after advance_to(t).
  void change(TimestampMs t, Engagement from, Engagement to);

  int handling() const { return handling_; }
  int available() const { return available_; }

 private:
  void advance_through(TimestampMs t, AlertBook& book) override;

  std::vector<std::unique_ptr<Occupancy>> rules_;
  int handling_ = 0;
  int available_ = 0;
};

}  // namespace vigie::engine
