// ENV-03: a call.tag with one of `tags` fires at once (an incident to follow
// up as a work accident); the alert stays active `open_for`, then resolves.
#include <algorithm>
#include <vector>

#include "engine/kinds/call_tags.hpp"
#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class Incident final : public AgentRule {
  CallTags wanted_{def_};
  std::int64_t open_for_ = def_.criterion->duration("open_for");
  std::vector<TaggedAlert> open_;

 public:
  using AgentRule::AgentRule;
  void on_call_tagged(const WorkingTime& wt, TimestampMs t, const CallTagged& tag,
                      const RuleScope& s) override {
    const int count = wanted_.count_in(tag);
    if (count == 0) return;
    for (const auto& o : open_)
      if (o.at == t) return;
    open_.push_back(TaggedAlert{t, {}});
    s.book.fire(open_.back().occ, def_, s, t, t, count);
    evaluate(wt, t, s);
  }
  void evaluate(const WorkingTime&, TimestampMs t, const RuleScope& s) override {
    for (auto it = open_.begin(); it != open_.end();) {
      if (t >= it->at + open_for_) {
        s.book.resolve(it->occ, s, t);
        it = open_.erase(it);
      } else {
        ++it;
      }
    }
  }
  TimestampMs next_deadline(const WorkingTime&, TimestampMs after) const override {
    Earliest e(after);
    for (const auto& o : open_) e.consider(o.at + open_for_);
    return e.get();
  }
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    for (auto& o : open_) f(o.occ);
  }
};

}  // namespace

std::unique_ptr<AgentRule> incident_rule(const CriterionDef& def) {
  return std::make_unique<Incident>(def);
}

}  // namespace vigie::engine
