// One zone of the plateau: its level criteria, fed by env.sample.
#pragma once

#include <memory>
#include <vector>

#include "engine/kinds/level.hpp"
#include "engine/subject_state.hpp"

namespace vigie::engine {

class ZoneState final : public SubjectState {
 public:
  ZoneState(std::string id, const std::vector<const CriterionDef*>& defs);

  TimestampMs next_deadline() const override;
  void for_each_open(const std::function<void(Occurrence&)>& f) override;
  void apply_sample(TimestampMs t, const EnvSample& sample, AlertBook& book);

 private:
  void advance_through(TimestampMs t, AlertBook& book) override;

  std::vector<std::unique_ptr<Level>> rules_;
};

}  // namespace vigie::engine
