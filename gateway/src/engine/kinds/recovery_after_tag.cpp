// LOAD-04: after a call.tag with one of `tags`, an interruption of at least
// `min_recovery` must begin within `within` of the tag, that is before tag +
// within (an interruption going on at the tag counts from the tag); else
// fires at tag + within. If an
// interruption began in time but ends short, it fires at that return to work.
// Resolves when an interruption reaches `min_recovery`.
#include <algorithm>
#include <vector>

#include "engine/kinds/call_tags.hpp"
#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class RecoveryAfterTag final : public AgentRule {
  CallTags wanted_{def_};
  std::int64_t within_ = def_.criterion->duration("within");
  std::int64_t min_recovery_ = def_.criterion->duration("min_recovery");
  std::vector<TaggedAlert> tags_;  // awaiting recovery, oldest first

 public:
  using AgentRule::AgentRule;
  void on_call_tagged(const WorkingTime& wt, TimestampMs t, const CallTagged& tag,
                      const RuleScope& s) override {
    if (wanted_.count_in(tag) == 0) return;
    // Two tags at the same millisecond are one occurrence (same identity).
    for (const auto& p : tags_)
      if (p.at == t) return;
    tags_.push_back(TaggedAlert{t, {}});
    evaluate(wt, t, s);
  }
  void evaluate(const WorkingTime& wt, TimestampMs t, const RuleScope& s) override {
    for (auto it = tags_.begin(); it != tags_.end();) {
      TaggedAlert& p = *it;
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
};

}  // namespace

std::unique_ptr<AgentRule> recovery_after_tag_rule(const CriterionDef& def) {
  return std::make_unique<RecoveryAfterTag>(def);
}

}  // namespace vigie::engine
