// REST-03: from the work day's first work to now, while working, above `limit`.
// Resolves when the work day closes.
#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class Amplitude final : public OneAlert<AgentRule> {
 public:
  explicit Amplitude(const CriterionDef& def)
      : OneAlert(def), limit_(def.criterion->duration("limit")) {}
  void on_boundary(const WorkingTime& wt, Boundary b, TimestampMs t, const RuleScope& s) override {
    if (b == Boundary::day_closed && occ_.open())
      s.book.resolve(occ_, s, t, minutes(wt.day().closed_at - wt.day().first_work));
  }
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
    if (!wt.day_open() || !wt.working()) return;
    const TimestampMs first = wt.day().first_work;
    const TimestampMs span = t - first;
    if (span > limit_) {
      s.book.fire(occ_, def_, s, t, first, minutes(span));
    } else if (def_.due_before() && !occ_.open() && limit_ - span <= *def_.due_before()) {
      s.book.open(occ_, def_, s, AlertState::due, t, first, minutes(span), first + limit_);
    }
  }
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override {
    if (!wt.day_open() || !wt.working()) return kNever;
    Earliest e(after);
    const TimestampMs first = wt.day().first_work;
    if (!occ_.is(AlertState::firing)) e.consider(first + limit_ + 1);
    if (def_.due_before() && !occ_.open()) e.consider(first + limit_ - *def_.due_before());
    return e.get();
  }

 private:
  std::int64_t limit_;
};

}  // namespace

std::unique_ptr<AgentRule> amplitude_rule(const CriterionDef& def) {
  return std::make_unique<Amplitude>(def);
}

}  // namespace vigie::engine
