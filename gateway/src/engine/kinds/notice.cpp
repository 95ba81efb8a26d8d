#include "engine/kinds/notice.hpp"

namespace vigie::engine {

Notice::Notice(const CriterionDef& def)
    : AgentRule(def), min_notice_(def.criterion->duration("min_notice")) {}

void Notice::on_shift_scheduled(const WorkingTime& wt, TimestampMs t, const ShiftScheduled& shift,
                                const RuleScope& s) {
  const TimestampMs notice = shift.start - shift.published;
  const bool late = notice < min_notice_;
  auto it = late_.find(shift.shift);
  if (it != late_.end() && (!late || it->second.start != shift.start)) {
    s.book.resolve(it->second.occ, s, t);
    late_.erase(it);
  }
  if (late) {
    Late& l = late_[shift.shift];
    l.start = shift.start;
    l.end = shift.end;
    s.book.fire(l.occ, def_, s, t, shift.start, minutes(notice));
  }
  evaluate(wt, t, s);
}

void Notice::evaluate(const WorkingTime&, TimestampMs t, const RuleScope& s) {
  for (auto it = late_.begin(); it != late_.end();) {
    if (t >= it->second.end) {
      s.book.resolve(it->second.occ, s, t);
      it = late_.erase(it);
    } else {
      ++it;
    }
  }
}

TimestampMs Notice::next_deadline(const WorkingTime&, TimestampMs after) const {
  Earliest e(after);
  for (const auto& [id, l] : late_) e.consider(l.end);
  return e.get();
}

}  // namespace vigie::engine
