// One agent: its working time and its criteria.
#pragma once

#include <deque>
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
  void apply_shift(TimestampMs t, const ShiftScheduled& shift, AlertBook& book);
  // A shift published by another node than the agent's (a planning feed): applied once the
  // agent's own time reaches TS, never moving it there, so that one node's clock cannot
  // shorten or lengthen what another node's events say the agent did.
  void schedule_shift(TimestampMs ts, const ShiftScheduled& shift, AlertBook& book);

  const WorkingTime& working_time() const { return wt_; }
  const std::string& team() const { return team_; }
  void set_team(const std::string& team) { team_ = team; }

 private:
  void advance_through(TimestampMs t, AlertBook& book) override;
  void skip_idle_weeks(TimestampMs limit);
  void apply_pending_shifts(TimestampMs upto, AlertBook& book);

  WorkingTime wt_;
  std::string team_;
  std::vector<std::unique_ptr<AgentRule>> rules_;
  // Shifts waiting for the agent's time to reach their ts, in ts order.
  std::deque<std::pair<TimestampMs, ShiftScheduled>> pending_shifts_;
};

}  // namespace vigie::engine
