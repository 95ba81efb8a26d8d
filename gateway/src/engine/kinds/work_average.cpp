// TIME-03: the average weekly work of the last `weeks` complete weeks above
// `limit`, checked as each week closes (its Sunday over and its last shift
// ended). Needs `weeks` weeks of the agent's history, the week of its first
// event counting as one. Resolves at the first check back within the limit.
#include <algorithm>
#include <vector>

#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class WorkAverage final : public OneAlert<AgentRule> {
 public:
  explicit WorkAverage(const CriterionDef& def)
      : OneAlert(def),
        weeks_(static_cast<std::size_t>(def.criterion->integer("weeks"))),
        limit_(def.criterion->duration("limit")) {}
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override {
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
  void evaluate(const WorkingTime&, TimestampMs, const RuleScope&) override {}
  TimestampMs next_deadline(const WorkingTime&, TimestampMs) const override { return kNever; }
  // Once the window holds `weeks_` empty weeks and no alert, another empty week averages 0 again.
  bool settled_over_idle_weeks() const override {
    if (occ_.open() || closed_.size() < weeks_) return false;
    return std::all_of(closed_.begin(), closed_.end(),
                       [](const WorkWeek& w) { return w.work_ms == 0; });
  }
  void on_idle_weeks(const WorkingTime& wt, const SkippedWeeks& w) override {
    // Only the last `weeks_` of them stay in the average.
    const auto keep = std::min<std::int64_t>(w.count, static_cast<std::int64_t>(weeks_));
    for (std::int64_t k = w.count - keep; k < w.count; ++k)
      closed_.push_back(wt.empty_week(add_days(w.first_monday, 7 * k)));
    if (closed_.size() > weeks_)
      closed_.erase(closed_.begin(), closed_.end() - static_cast<std::ptrdiff_t>(weeks_));
  }

 private:
  std::size_t weeks_;
  std::int64_t limit_;
  std::vector<WorkWeek> closed_;  // a few weeks: no std::deque and its 576 bytes when empty
};

}  // namespace

std::unique_ptr<AgentRule> work_average_rule(const CriterionDef& def) {
  return std::make_unique<WorkAverage>(def);
}

}  // namespace vigie::engine
