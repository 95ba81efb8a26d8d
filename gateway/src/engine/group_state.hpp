// A team or a zone: a subject whose rules (GroupRule, made by their kinds'
// entries in engine/kinds/registry.hpp) aggregate what its agents or its
// sensors report, evaluated from deadline to deadline.
#pragma once

#include <memory>
#include <vector>

#include "engine/rule.hpp"
#include "engine/subject_state.hpp"
#include "engine/work_meter.hpp"

namespace vigie::engine {

class GroupState : public SubjectState {
 public:
  // STEPS: the work meter's count of this kind of subject's steps.
  GroupState(Subject subject, const std::vector<const CriterionDef*>& defs,
             std::uint64_t WorkMeter::*steps);

  TimestampMs next_deadline() const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override;

 protected:
  std::vector<std::unique_ptr<GroupRule>> rules_;

 private:
  void advance_through(TimestampMs t, AlertBook& book) override;

  std::uint64_t WorkMeter::*steps_;
};

}  // namespace vigie::engine
