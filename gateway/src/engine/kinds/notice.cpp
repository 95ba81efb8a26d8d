// PLN-01: each schedule.shift (and each replacement of it, same shift id)
// fires at its ts if its start minus its publication is below `min_notice`.
// The alert resolves when the shift has ended, or at a replacement that moves
// the shift or gives enough notice.
#include <map>
#include <string>

#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

class Notice final : public AgentRule {
 public:
  explicit Notice(const CriterionDef& def)
      : AgentRule(def), min_notice_(def.criterion->duration("min_notice")) {}
  void on_shift_scheduled(const WorkingTime& wt, TimestampMs t, const ShiftScheduled& shift,
                          const RuleScope& s) override {
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
  void evaluate(const WorkingTime&, TimestampMs t, const RuleScope& s) override {
    for (auto it = late_.begin(); it != late_.end();) {
      if (t >= it->second.end) {
        s.book.resolve(it->second.occ, s, t);
        it = late_.erase(it);
      } else {
        ++it;
      }
    }
  }
  TimestampMs next_deadline(const WorkingTime&, TimestampMs after) const override {
    Earliest e(after);
    for (const auto& [id, l] : late_) e.consider(l.end);
    return e.get();
  }
  void for_each_open(const std::function<void(Occurrence&)>& f) override {
    for (auto& [id, p] : late_) f(p.occ);
  }

 private:
  struct Late {
    TimestampMs start = 0;
    TimestampMs end = 0;
    Occurrence occ;
  };
  std::int64_t min_notice_;
  std::map<std::string, Late> late_;  // by shift id, alerts still open
};

}  // namespace

std::unique_ptr<AgentRule> notice_rule(const CriterionDef& def) {
  return std::make_unique<Notice>(def);
}

}  // namespace vigie::engine
