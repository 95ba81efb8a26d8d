// A criterion evaluated on one subject. Rules are small state machines in
// event time: the subject tells them what happened (a state change, a
// boundary, a tag) and asks them when next something would change if nothing
// else happened (a deadline); it then calls evaluate() at that instant.
//
// evaluate(t) makes every transition whose condition holds at t, and is
// idempotent; next_deadline(after) is the earliest instant > after at which a
// condition starts to hold. Together they let a subject jump from deadline to
// deadline with no per-tick work and fire at the exact millisecond.
#pragma once

#include <functional>

#include "engine/alert_book.hpp"
#include "engine/working_time.hpp"

namespace vigie::engine {

// What every rule is: one criterion's, holding its alerts.
class Rule {
 public:
  explicit Rule(const CriterionDef& def) : def_(def) {}
  virtual ~Rule() = default;
  Rule(const Rule&) = delete;
  Rule& operator=(const Rule&) = delete;

  // Every alert the rule holds open (to show nodata while data is missing).
  virtual void for_each_open(const std::function<void(Occurrence&)>& f) = 0;

  const CriterionDef& def() const { return def_; }

 protected:
  const CriterionDef& def_;
};

class AgentRule : public Rule {
 public:
  using Rule::Rule;

  // The agent's state changed at t (wt already holds it).
  virtual void on_state(const WorkingTime& wt, TimestampMs t, const RuleScope& s) {
    evaluate(wt, t, s);
  }
  virtual void on_boundary(const WorkingTime&, Boundary, TimestampMs, const RuleScope&) {}
  virtual void on_call_tagged(const WorkingTime&, TimestampMs, const CallTagged&,
                              const RuleScope&) {}
  virtual void on_shift_scheduled(const WorkingTime&, TimestampMs, const ShiftScheduled&,
                                  const RuleScope&) {}

  virtual void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) = 0;
  virtual TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const = 0;

  // True if one more empty week of an idle agent changes nothing here but the weeks kept: a
  // run of them then closes at once, through on_idle_weeks, so a jump costs what a week does.
  virtual bool settled_over_idle_weeks() const { return true; }
  virtual void on_idle_weeks(const WorkingTime&, const SkippedWeeks&) {}
};

// A criterion evaluated on a group: a team (the counts of its agents handling calls and
// available) or a zone (its env.sample). The same contract as AgentRule's evaluate() and
// next_deadline(), without an agent's working time.
class GroupRule : public Rule {
 public:
  using Rule::Rule;

  // The team's counts of agents handling calls and available changed at t.
  virtual void on_counts(TimestampMs, int /*handling*/, int /*available*/) {}
  // The zone's sample at t.
  virtual void on_sample(TimestampMs, const EnvSample&, const RuleScope&) {}

  virtual void evaluate(TimestampMs t, const RuleScope& s) = 0;
  virtual TimestampMs next_deadline(TimestampMs after) const = 0;
};

// A rule that holds one alert at a time.
template <typename Rule>
class OneAlert : public Rule {
 public:
  using Rule::Rule;
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    if (occ_.open()) f(occ_);
  }

 protected:
  Occurrence occ_;
};

// Keeps the earliest candidate deadline strictly after `after`.
class Earliest {
 public:
  explicit Earliest(TimestampMs after) : after_(after) {}
  void consider(TimestampMs t) {
    if (t > after_ && t < best_) best_ = t;
  }
  TimestampMs get() const { return best_; }

 private:
  TimestampMs after_;
  TimestampMs best_ = kNever;
};

// Minutes as alerts show durations.
inline double minutes(TimestampMs ms) {
  return static_cast<double>(ms) / 60000.0;
}

}  // namespace vigie::engine
