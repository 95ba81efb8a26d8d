#include "engine/kinds/level.hpp"

#include "engine/kinds/rules.hpp"

namespace vigie::engine {

std::optional<double> Level::read(const EnvSample& e) const {
  for (const auto& f : fields_) {
    const std::optional<double>* v = f == "l50_db"     ? &e.l50_db
                                     : f == "laeq_db"  ? &e.laeq_db
                                     : f == "lpeak_db" ? &e.lpeak_db
                                     : f == "temp_c"   ? &e.temp_c
                                     : f == "co2_ppm"  ? &e.co2_ppm
                                                       : nullptr;
    if (v && *v) return **v;
  }
  return std::nullopt;
}

void Level::on_sample(TimestampMs t, const EnvSample& sample, const RuleScope& s) {
  auto v = read(sample);
  if (!v) return;
  last_ = *v;
  const bool above = *v > threshold_;
  switch (phase_) {
    case Phase::idle:
      if (above) {
        phase_ = Phase::pending;
        above_since_ = t;
        s.book.open(occ_, def_, s, AlertState::pending, t, t, *v);
      }
      break;
    case Phase::pending:
      if (!above) {
        s.book.resolve(occ_, s, t, *v);
        phase_ = Phase::idle;
      }
      break;
    case Phase::firing:
      if (above)
        at_or_below_since_ = kNever;
      else if (at_or_below_since_ == kNever)
        at_or_below_since_ = t;
      break;
  }
  evaluate(t, s);
}

void Level::evaluate(TimestampMs t, const RuleScope& s) {
  if (phase_ == Phase::pending && t - above_since_ >= hold_) {
    s.book.fire(occ_, def_, s, t, above_since_, last_);
    phase_ = Phase::firing;
    at_or_below_since_ = kNever;
  } else if (phase_ == Phase::firing && at_or_below_since_ != kNever &&
             t - at_or_below_since_ >= clear_hold_) {
    s.book.resolve(occ_, s, t, last_);
    phase_ = Phase::idle;
  }
}

TimestampMs Level::next_deadline(TimestampMs after) const {
  TimestampMs d = kNever;
  if (phase_ == Phase::pending) d = above_since_ + hold_;
  if (phase_ == Phase::firing && at_or_below_since_ != kNever) d = at_or_below_since_ + clear_hold_;
  return d > after ? d : kNever;
}

std::unique_ptr<GroupRule> level_rule(const CriterionDef& def) {
  return std::make_unique<Level>(def);
}

}  // namespace vigie::engine
