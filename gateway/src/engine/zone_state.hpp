// One zone of the plateau: its level criteria, fed by env.sample.
#pragma once

#include "engine/group_state.hpp"

namespace vigie::engine {

class ZoneState final : public GroupState {
 public:
  ZoneState(std::string id, const std::vector<const CriterionDef*>& defs);

  void apply_sample(TimestampMs t, const EnvSample& sample, AlertBook& book);
};

}  // namespace vigie::engine
