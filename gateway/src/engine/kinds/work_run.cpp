// BRK-02, BRK-03, BRK-06, LOAD-02: a run is time in the counted states (work
// by default) joined across breaks shorter than `reset`; its length counts the
// counted time only. Fires when the length exceeds `limit`; resolves when a
// break reaches `reset`.
#include <algorithm>
#include <vector>

#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class WorkRun final : public OneAlert<AgentRule> {
  bool counts(const WorkingTime& wt) const {
    if (!wt.known()) return false;
    if (states_.empty()) return wt.working();
    return std::find(states_.begin(), states_.end(), wt.state()) != states_.end();
  }

  std::int64_t limit_ = def_.criterion->duration("limit");
  std::int64_t reset_ = def_.criterion->duration("reset");
  std::vector<AgentState> states_;  // empty: the site mapping's work
  bool run_ = false;                // a run is going (possibly in a short break)
  bool in_ = false;                 // in a counted state now
  TimestampMs run_start_ = 0;
  TimestampMs length_closed_ = 0;  // counted time before the current segment
  TimestampMs segment_since_ = 0;
  TimestampMs break_since_ = 0;

 public:
  explicit WorkRun(const CriterionDef& def) : OneAlert(def) {
    for (const auto& name : def.criterion->list("states"))
      if (auto st = parse_agent_state(name)) states_.push_back(*st);
  }
  void on_state(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
    const bool now_in = counts(wt);
    if (now_in && !in_) {
      if (!run_) {
        run_ = true;
        run_start_ = t;
        length_closed_ = 0;
      }
      segment_since_ = t;
      in_ = true;
    } else if (!now_in && in_) {
      length_closed_ += t - segment_since_;
      break_since_ = t;
      in_ = false;
    }
    evaluate(wt, t, s);
  }
  void evaluate(const WorkingTime&, TimestampMs t, const RuleScope& s) override {
    if (!run_) return;
    if (!in_) {
      if (t - break_since_ >= reset_) {
        if (occ_.open()) s.book.resolve(occ_, s, t, minutes(length_closed_));
        run_ = false;
      }
      return;
    }
    const TimestampMs length = length_closed_ + (t - segment_since_);
    if (length > limit_) {
      s.book.fire(occ_, def_, s, t, run_start_, minutes(length));
    } else if (def_.due_before() && !occ_.open() && limit_ - length <= *def_.due_before()) {
      s.book.open(occ_, def_, s, AlertState::due, t, run_start_, minutes(length),
                  t + (limit_ - length));
    }
  }
  TimestampMs next_deadline(const WorkingTime&, TimestampMs after) const override {
    if (!run_) return kNever;
    Earliest e(after);
    if (!in_) {
      e.consider(break_since_ + reset_);
      return e.get();
    }
    if (!occ_.is(AlertState::firing)) e.consider(segment_since_ + (limit_ - length_closed_) + 1);
    if (def_.due_before() && !occ_.open())
      e.consider(segment_since_ + (limit_ - *def_.due_before() - length_closed_));
    return e.get();
  }
};

}  // namespace

std::unique_ptr<AgentRule> work_run_rule(const CriterionDef& def) {
  return std::make_unique<WorkRun>(def);
}

}  // namespace vigie::engine
