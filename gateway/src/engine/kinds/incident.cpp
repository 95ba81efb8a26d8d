#include "engine/kinds/incident.hpp"

#include <algorithm>

namespace vigie::engine {

Incident::Incident(const CriterionDef& def)
    : AgentRule(def), open_for_(def.criterion->duration("open_for")) {
  for (const auto& name : def.criterion->list("tags"))
    if (auto tag = parse_call_tag(name)) wanted_.push_back(*tag);
}

void Incident::on_call_tagged(const WorkingTime& wt, TimestampMs t, const CallTagged& tag,
                              const RuleScope& s) {
  int count = 0;
  for (auto v : tag.tags) count += std::find(wanted_.begin(), wanted_.end(), v) != wanted_.end();
  if (count == 0) return;
  for (const auto& o : open_)
    if (o.at == t) return;
  open_.push_back(Open{t, {}});
  s.book.fire(open_.back().occ, def_, s, t, t, count);
  evaluate(wt, t, s);
}

void Incident::evaluate(const WorkingTime&, TimestampMs t, const RuleScope& s) {
  for (auto it = open_.begin(); it != open_.end();) {
    if (t >= it->at + open_for_) {
      s.book.resolve(it->occ, s, t);
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
}

TimestampMs Incident::next_deadline(const WorkingTime&, TimestampMs after) const {
  Earliest e(after);
  for (const auto& o : open_) e.consider(o.at + open_for_);
  return e.get();
}

}  // namespace vigie::engine
