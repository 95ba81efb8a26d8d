// BRK-01: a pause of at least `min_pause` consecutive minutes once the work
// day's work exceeds `work_limit`. Shorter interruptions neither count nor
// reset; one qualifying interruption since the day's first work satisfies the day.
#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class WorkUntilPause final : public OneAlert<AgentRule> {
  std::int64_t limit_ = def_.criterion->duration("work_limit");
  std::int64_t min_pause_ = def_.criterion->duration("min_pause");
  TimestampMs day_first_ = kBeforeTime;  // the work day being judged
  bool satisfied_ = false;

 public:
  using OneAlert::OneAlert;
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override {
    if (b != Boundary::day_closed) return;
    // "Resolves ... when the work day's last shift ends."
    if (occ_.open()) s.book.resolve(occ_, s, t, minutes(wt.day().work_ms));
    day_first_ = kBeforeTime;
    satisfied_ = false;
  }
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
    if (!wt.day_open()) return;
    if (wt.day().first_work != day_first_) {
      day_first_ = wt.day().first_work;
      satisfied_ = false;
    }
    if (satisfied_) return;
    if (!wt.working()) {
      if (wt.interruption_start() >= day_first_ && t - wt.interruption_start() >= min_pause_) {
        satisfied_ = true;
        if (occ_.open()) s.book.resolve(occ_, s, t, minutes(wt.day_work(t)));
      }
      return;
    }
    const TimestampMs work = wt.day_work(t);
    if (work > limit_) {
      s.book.fire(occ_, def_, s, t, day_first_, minutes(work));
    } else if (def_.due_before() && !occ_.open() && limit_ - work <= *def_.due_before()) {
      s.book.open(occ_, def_, s, AlertState::due, t, day_first_, minutes(work),
                  t + (limit_ - work));
    }
  }
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override {
    if (!wt.day_open() || (wt.day().first_work == day_first_ && satisfied_)) return kNever;
    Earliest e(after);
    if (!wt.working()) {
      e.consider(wt.interruption_start() + min_pause_);
      return e.get();
    }
    const TimestampMs closed = wt.day().work_ms;
    // Strict "exceeds": the first millisecond past the limit.
    if (!occ_.is(AlertState::firing)) e.consider(wt.since() + (limit_ - closed) + 1);
    if (def_.due_before() && !occ_.open())
      e.consider(wt.since() + (limit_ - *def_.due_before() - closed));
    return e.get();
  }
};

}  // namespace

std::unique_ptr<AgentRule> work_until_pause_rule(const CriterionDef& def) {
  return std::make_unique<WorkUntilPause>(def);
}

}  // namespace vigie::engine
