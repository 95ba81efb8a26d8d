#include "engine/kinds/work_average.hpp"

namespace vigie::engine {

WorkAverage::WorkAverage(const CriterionDef& def)
    : AgentRule(def),
      weeks_(static_cast<std::size_t>(def.criterion->integer("weeks"))),
      limit_(def.criterion->duration("limit")) {}

void WorkAverage::on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t,
                              const RuleScope& s) {
  if (b != Boundary::week_closed) return;
  closed_.push_back(wt.closed_week());
  while (closed_.size() > weeks_) closed_.pop_front();
  if (closed_.size() < weeks_) return;
  TimestampMs total = 0;
  for (const auto& w : closed_) total += w.work_ms;
  const double average = static_cast<double>(total) / static_cast<double>(weeks_);
  if (average > static_cast<double>(limit_))
    s.book.fire(occ_, def_, s, t, closed_.front().start, average / 60000.0);
  else if (occ_.open())
    s.book.resolve(occ_, s, t, average / 60000.0);
}

}  // namespace vigie::engine
