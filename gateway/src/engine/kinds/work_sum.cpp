// TIME-01, TIME-02: work per work day or per week (Monday to Sunday of work
// days) above `limit`. Resolves when the day or week closes.
#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class WorkSum final : public OneAlert<AgentRule> {
 public:
  explicit WorkSum(const CriterionDef& def)
      : OneAlert(def),
        weekly_(def.criterion->word("period") == "week"),
        limit_(def.criterion->duration("limit")) {}
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override {
    if (!occ_.open()) return;
    if (weekly_ && b == Boundary::week_closed)
      s.book.resolve(occ_, s, t, minutes(wt.closed_week().work_ms));
    if (!weekly_ && b == Boundary::day_closed)
      s.book.resolve(occ_, s, t, minutes(wt.day().work_ms));
  }
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
    // The sum only grows while working, so nothing new can hold otherwise.
    if (!wt.working()) return;
    const TimestampMs work = measure(wt, t);
    if (work > limit_) {
      s.book.fire(occ_, def_, s, t, period_start(wt), minutes(work));
    } else if (def_.due_before() && !occ_.open() && limit_ - work <= *def_.due_before()) {
      s.book.open(occ_, def_, s, AlertState::due, t, period_start(wt), minutes(work),
                  t + (limit_ - work));
    }
  }
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override {
    if (!wt.working()) return kNever;
    Earliest e(after);
    if (!occ_.is(AlertState::firing)) e.consider(wt.since() + (limit_ - closed(wt)) + 1);
    if (def_.due_before() && !occ_.open())
      e.consider(wt.since() + (limit_ - *def_.due_before() - closed(wt)));
    return e.get();
  }
  // A week's close only resolves an open weekly alert.
  bool settled_over_idle_weeks() const override { return !weekly_ || !occ_.open(); }

 private:
  TimestampMs measure(const WorkingTime& wt, TimestampMs t) const {
    return weekly_ ? wt.week_work(t) : wt.day_work(t);
  }
  TimestampMs closed(const WorkingTime& wt) const {
    return weekly_ ? wt.week().work_ms : wt.day().work_ms;
  }
  TimestampMs period_start(const WorkingTime& wt) const {
    return weekly_ ? wt.week().start : wt.day().first_work;
  }

  bool weekly_;
  std::int64_t limit_;
};

}  // namespace

std::unique_ptr<AgentRule> work_sum_rule(const CriterionDef& def) {
  return std::make_unique<WorkSum>(def);
}

}  // namespace vigie::engine
