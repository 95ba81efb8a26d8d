// One agent: its working time and its criteria.
#pragma once

#include <memory>
#include <vector>

#include "engine/rule.hpp"
#include "engine/subject_state.hpp"

namespace vigie::engine {

class AgentStateMachine final : public SubjectState {
 public:
  AgentStateMachine(std::string id, const TimeZone& zone, const referentiel::StateMapping& mapping,
                    std::int64_t shift_gap, const std::vector<const CriterionDef*>& defs);

  TimestampMs next_deadline() const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override;
  bool judged() const override { return !rules_.empty(); }

  // Each applies at t >= now(), after advance_to(t).
  void apply_state(TimestampMs t, const AgentStateChange& change, AlertBook& book);
  void apply_tag(TimestampMs t, const CallTagged& tag, AlertBook& book);
  // A shift is a planning fact, not something the agent did: judged at T (its publication)
  // without moving the agent's time, which only the node reporting the agent's activity
  // moves. A planning feed publishing now while the ACD's backlog is still this morning
  // would otherwise push the morning's events to now.
  void apply_shift(TimestampMs t, const ShiftScheduled& shift, AlertBook& book);

  const WorkingTime& working_time() const { return wt_; }
  const std::string& team() const { return team_; }
  void set_team(const std::string& team) { team_ = team; }

 private:
  void advance_through(TimestampMs t, AlertBook& book) override;
  void skip_idle_weeks(TimestampMs limit);

  WorkingTime wt_;
  std::string team_;
  std::vector<std::unique_ptr<AgentRule>> rules_;
};

}  // namespace vigie::engine
