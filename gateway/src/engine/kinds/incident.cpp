// ENV-03: a call.tag with one of `tags` fires at once (an incident to follow
// up as a work accident); the alert stays active `open_for`, then resolves.
#include <algorithm>
#include <vector>

#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class Incident final : public AgentRule {
 public:
  explicit Incident(const CriterionDef& def)
      : AgentRule(def), open_for_(def.criterion->duration("open_for")) {
    for (const auto& name : def.criterion->list("tags"))
      if (auto tag = parse_call_tag(name)) wanted_.push_back(*tag);
  }
  void on_call_tagged(const WorkingTime& wt, TimestampMs t, const CallTagged& tag,
                      const RuleScope& s) override {
    int count = 0;
    for (auto v : tag.tags) count += std::find(wanted_.begin(), wanted_.end(), v) != wanted_.end();
    if (count == 0) return;
    for (const auto& o : open_)
      if (o.at == t) return;
    open_.push_back(Open{t, {}});
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

 private:
  struct Open {
    TimestampMs at = 0;
    Occurrence occ;
  };
  std::vector<CallTag> wanted_;
  std::int64_t open_for_;
  std::vector<Open> open_;
};

}  // namespace

std::unique_ptr<AgentRule> incident_rule(const CriterionDef& def) {
  return std::make_unique<Incident>(def);
}

}  // namespace vigie::engine
