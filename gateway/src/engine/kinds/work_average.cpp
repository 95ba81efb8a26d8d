#include "engine/kinds/work_average.hpp"

#include <algorithm>

namespace vigie::engine {

WorkAverage::WorkAverage(const CriterionDef& def)
    : AgentRule(def),
      weeks_(static_cast<std::size_t>(def.criterion->integer("weeks"))),
      limit_(def.criterion->duration("limit")) {}

void WorkAverage::on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t,
                              const RuleScope& s) {
  if (b != Boundary::week_closed) return;
  closed_.push_back(wt.closed_week());
  if (closed_.size() > weeks_)
    closed_.erase(closed_.begin(), closed_.end() - static_cast<std::ptrdiff_t>(weeks_));
  if (closed_.size() < weeks_) return;
  TimestampMs total = 0;
  for (const auto& w : closed_) total += w.work_ms;
  const double average = static_cast<double>(total) / static_cast<double>(weeks_);
  if (average > static_cast<double>(limit_))
    s.book.fire(occ_, def_, s, t, closed_.front().start, average / 60000.0);
  else if (occ_.open())
    s.book.resolve(occ_, s, t, average / 60000.0);
}

// Once the window holds `weeks_` empty weeks and no alert, another empty week averages 0 again.
bool WorkAverage::settled_over_idle_weeks() const {
  if (occ_.open() || closed_.size() < weeks_) return false;
  return std::all_of(closed_.begin(), closed_.end(),
                     [](const WorkWeek& w) { return w.work_ms == 0; });
}

void WorkAverage::on_idle_weeks(const WorkingTime& wt, const SkippedWeeks& w) {
  // Only the last `weeks_` of them stay in the average.
  const auto keep = std::min<std::int64_t>(w.count, static_cast<std::int64_t>(weeks_));
  for (std::int64_t k = w.count - keep; k < w.count; ++k)
    closed_.push_back(wt.empty_week(add_days(w.first_monday, 7 * k)));
  if (closed_.size() > weeks_)
    closed_.erase(closed_.begin(), closed_.end() - static_cast<std::ptrdiff_t>(weeks_));
}

}  // namespace vigie::engine
