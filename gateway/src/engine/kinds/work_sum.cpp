#include "engine/kinds/work_sum.hpp"

namespace vigie::engine {

WorkSum::WorkSum(const CriterionDef& def)
    : AgentRule(def),
      weekly_(def.criterion->word("period") == "week"),
      limit_(def.criterion->duration("limit")) {}

TimestampMs WorkSum::measure(const WorkingTime& wt, TimestampMs t) const {
  return weekly_ ? wt.week_work(t) : wt.day_work(t);
}

TimestampMs WorkSum::closed(const WorkingTime& wt) const {
  return weekly_ ? wt.week().work_ms : wt.day().work_ms;
}

TimestampMs WorkSum::period_start(const WorkingTime& wt) const {
  return weekly_ ? wt.week().start : wt.day().first_work;
}

void WorkSum::on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) {
  if (!occ_.open()) return;
  if (weekly_ && b == Boundary::week_closed)
    s.book.resolve(occ_, s, t, minutes(wt.closed_week().work_ms));
  if (!weekly_ && b == Boundary::day_closed) s.book.resolve(occ_, s, t, minutes(wt.day().work_ms));
}

void WorkSum::evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) {
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

TimestampMs WorkSum::next_deadline(const WorkingTime& wt, TimestampMs after) const {
  if (!wt.working()) return kNever;
  Earliest e(after);
  if (!occ_.is(AlertState::firing)) e.consider(wt.since() + (limit_ - closed(wt)) + 1);
  if (def_.due_before() && !occ_.open())
    e.consider(wt.since() + (limit_ - *def_.due_before() - closed(wt)));
  return e.get();
}

}  // namespace vigie::engine
