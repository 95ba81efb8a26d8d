// LOAD-04: after a call.tag with one of `tags`, an interruption of at least
// `min_recovery` must begin within `within` of the tag, that is before tag +
// within (an interruption going on at the tag counts from the tag); else
// fires at tag + within. If an
// interruption began in time but ends short, it fires at that return to work.
// Resolves when an interruption reaches `min_recovery`.
#include <algorithm>
#include <vector>

#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class RecoveryAfterTag final : public AgentRule {
 public:
  explicit RecoveryAfterTag(const CriterionDef& def)
      : AgentRule(def),
        within_(def.criterion->duration("within")),
        min_recovery_(def.criterion->duration("min_recovery")) {
    for (const auto& name : def.criterion->list("tags"))
      if (auto tag = parse_call_tag(name)) wanted_.push_back(*tag);
  }
  void on_call_tagged(const WorkingTime& wt, TimestampMs t, const CallTagged& tag,
                      const RuleScope& s) override {
    bool match = false;
    for (auto v : tag.tags)
      match = match || std::find(wanted_.begin(), wanted_.end(), v) != wanted_.end();
    if (!match) return;
    // Two tags at the same millisecond are one occurrence (same identity).
    for (const auto& p : tags_)
      if (p.at == t) return;
    tags_.push_back(Tagged{t, {}});
    evaluate(wt, t, s);
  }
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
    for (auto it = tags_.begin(); it != tags_.end();) {
      Tagged& p = *it;
      const TimestampMs deadline = p.at + within_;
      if (!wt.working()) {
        const TimestampMs began = std::max(wt.interruption_start(), p.at);
        if (t - began >= min_recovery_) {
          if (p.occ.open()) s.book.resolve(p.occ, s, t, minutes(t - began));
          it = tags_.erase(it);
          continue;
        }
      }
      if (!p.occ.open() && t >= deadline) {
        // At tag + within the alert fires: an interruption must have begun before.
        const bool recovering_in_time =
            !wt.working() && std::max(wt.interruption_start(), p.at) < deadline;
        if (!recovering_in_time) s.book.fire(p.occ, def_, s, t, p.at, minutes(t - p.at));
      }
      ++it;
    }
  }
  TimestampMs next_deadline(const WorkingTime& wt, TimestampMs after) const override {
    Earliest e(after);
    for (const auto& p : tags_) {
      if (!p.occ.open()) e.consider(p.at + within_);
      if (!wt.working()) e.consider(std::max(wt.interruption_start(), p.at) + min_recovery_);
    }
    return e.get();
  }
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    for (auto& p : tags_)
      if (p.occ.open()) f(p.occ);
  }

 private:
  struct Tagged {
    TimestampMs at = 0;
    Occurrence occ;
  };
  std::vector<CallTag> wanted_;
  std::int64_t within_;
  std::int64_t min_recovery_;
  std::vector<Tagged> tags_;  // awaiting recovery, oldest first
};

}  // namespace

std::unique_ptr<AgentRule> recovery_after_tag_rule(const CriterionDef& def) {
  return std::make_unique<RecoveryAfterTag>(def);
}

}  // namespace vigie::engine
