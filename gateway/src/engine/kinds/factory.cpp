#include "engine/kinds/factory.hpp"

#include "engine/kinds/amplitude.hpp"
#include "engine/kinds/incident.hpp"
#include "engine/kinds/notice.hpp"
#include "engine/kinds/pause_in_window.hpp"
#include "engine/kinds/recovery_after_tag.hpp"
#include "engine/kinds/rest_in_window.hpp"
#include "engine/kinds/work_average.hpp"
#include "engine/kinds/work_run.hpp"
#include "engine/kinds/work_sum.hpp"
#include "engine/kinds/work_until_pause.hpp"

namespace vigie::engine {
namespace {

double in_minutes(std::int64_t ms) {
  return static_cast<double>(ms) / 60000.0;
}

}  // namespace

CriterionDef describe(const referentiel::ActiveCriterion& c) {
  CriterionDef d;
  d.criterion = &c;
  d.unit = "min";
  const std::string& k = c.kind;
  if (k == "work_until_pause") d.threshold = in_minutes(c.duration("work_limit"));
  if (k == "work_run" || k == "work_sum" || k == "work_average" || k == "amplitude")
    d.threshold = in_minutes(c.duration("limit"));
  if (k == "pause_in_window") d.threshold = in_minutes(c.duration("min_pause"));
  if (k == "recovery_after_tag") d.threshold = in_minutes(c.duration("min_recovery"));
  if (k == "rest_in_window") d.threshold = in_minutes(c.duration("min_rest"));
  if (k == "notice") d.threshold = in_minutes(c.duration("min_notice"));
  if (k == "node_lost" || k == "data_gap") d.threshold = in_minutes(c.duration("hold"));
  if (k == "occupancy") {
    d.threshold = c.number("threshold");
    d.unit = "%";
  }
  if (k == "level") {
    d.threshold = c.number("threshold");
    const auto& f = c.list("fields");
    const std::string first = f.empty() ? "" : f.front();
    d.unit = first == "temp_c" ? "C" : first == "co2_ppm" ? "ppm" : "dB";
  }
  if (k == "incident") d.unit = "tags";
  if (k == "node_refused") d.unit = "events";
  return d;
}

std::unique_ptr<AgentRule> make_agent_rule(const CriterionDef& def) {
  const std::string& k = def.criterion->kind;
  if (k == "work_until_pause") return std::make_unique<WorkUntilPause>(def);
  if (k == "work_run") return std::make_unique<WorkRun>(def);
  if (k == "pause_in_window") return std::make_unique<PauseInWindow>(def);
  if (k == "recovery_after_tag") return std::make_unique<RecoveryAfterTag>(def);
  if (k == "work_sum") return std::make_unique<WorkSum>(def);
  if (k == "work_average") return std::make_unique<WorkAverage>(def);
  if (k == "rest_in_window") return std::make_unique<RestInWindow>(def);
  if (k == "amplitude") return std::make_unique<Amplitude>(def);
  if (k == "notice") return std::make_unique<Notice>(def);
  if (k == "incident") return std::make_unique<Incident>(def);
  return nullptr;
}

}  // namespace vigie::engine
