#include "engine/kinds/occupancy.hpp"

#include "engine/civil_date.hpp"

namespace vigie::engine {

Occupancy::Occupancy(const CriterionDef& def)
    : def_(def),
      threshold_(def.criterion->number("threshold")),
      clear_below_(def.criterion->number("clear_below")),
      window_(def.criterion->duration("window")),
      step_(def.criterion->duration("step")),
      hold_(def.criterion->duration("hold")),
      clear_hold_(def.criterion->duration("clear_hold")),
      ring_(static_cast<std::size_t>(window_ / step_)) {}

void Occupancy::close_bucket() {
  Bucket& old = ring_[next_];
  sum_.handling_ms += current_.handling_ms - old.handling_ms;
  sum_.staffed_ms += current_.staffed_ms - old.staffed_ms;
  old = current_;
  current_ = {};
  next_ = (next_ + 1) % ring_.size();
}

void Occupancy::accumulate(TimestampMs t) {
  if (accumulated_to_ == kBeforeTime) accumulated_to_ = t;
  // Nobody staffed for a whole window: the window is empty, skip the steps at once.
  if (staffed_ == 0 && t - accumulated_to_ > window_ + step_) {
    for (auto& b : ring_) b = {};
    sum_ = current_ = {};
    accumulated_to_ = floor_div(t, step_) * step_;
  }
  while (accumulated_to_ < t) {
    const TimestampMs boundary = (floor_div(accumulated_to_, step_) + 1) * step_;
    const TimestampMs end = std::min(t, boundary);
    current_.handling_ms += handling_ * (end - accumulated_to_);
    current_.staffed_ms += staffed_ * (end - accumulated_to_);
    accumulated_to_ = end;
    if (end == boundary) close_bucket();
  }
}

void Occupancy::on_counts(TimestampMs t, int handling, int available) {
  accumulate(t);
  handling_ = handling;
  staffed_ = handling + available;
}

void Occupancy::evaluate(TimestampMs t, const RuleScope& s) {
  accumulate(t);
  if (floor_mod(t, step_) != 0) return;
  const bool defined = sum_.staffed_ms > 0;
  last_ = defined
              ? 100.0 * static_cast<double>(sum_.handling_ms) / static_cast<double>(sum_.staffed_ms)
              : -1;
  const bool above = defined && last_ > threshold_;
  const bool below = !defined || last_ < clear_below_;
  const std::optional<double> value = defined ? std::optional<double>(last_) : std::nullopt;
  switch (phase_) {
    case Phase::idle:
      if (!above) break;
      phase_ = Phase::pending;
      above_since_ = t;
      s.book.open(occ_, def_, s, AlertState::pending, t, t, value);
      [[fallthrough]];
    case Phase::pending:
      if (!above) {
        s.book.resolve(occ_, s, t, value);
        phase_ = Phase::idle;
      } else if (t - above_since_ >= hold_) {
        s.book.fire(occ_, def_, s, t, above_since_, *value);
        phase_ = Phase::firing;
        below_since_ = kNever;
      }
      break;
    case Phase::firing:
      if (!below) {
        below_since_ = kNever;
        break;
      }
      if (below_since_ == kNever) below_since_ = t;
      if (t - below_since_ >= clear_hold_) {
        s.book.resolve(occ_, s, t, value);
        phase_ = Phase::idle;
      }
      break;
  }
}

TimestampMs Occupancy::next_deadline(TimestampMs after) const {
  // Nothing can change while nobody is staffed and the window is empty.
  if (phase_ == Phase::idle && staffed_ == 0 && sum_.staffed_ms == 0 && current_.staffed_ms == 0)
    return kNever;
  if (after == kBeforeTime) return kNever;
  return (floor_div(after, step_) + 1) * step_;
}

}  // namespace vigie::engine
