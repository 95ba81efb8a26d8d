#include "engine/kinds/occupancy.hpp"

#include <algorithm>

#include "engine/civil_date.hpp"
#include "engine/kinds/rules.hpp"
#include "engine/work_meter.hpp"

namespace vigie::engine {

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
  // Every step of the window ending before t lies after accumulated_to_, when the counts
  // were as now: each step holds the same, so the window is refilled at once.
  if (t - accumulated_to_ > window_ + step_) {
    const auto steps = static_cast<std::int64_t>(ring_.size());
    const TimestampMs from = floor_div(t, step_) * step_;
    const std::int64_t closed = floor_div(from, step_) - floor_div(accumulated_to_, step_);
    const Bucket full{handling_ * step_, staffed_ * step_};
    for (auto& b : ring_) b = full;
    sum_ = Bucket{full.handling_ms * steps, full.staffed_ms * steps};
    current_ = {};
    next_ = static_cast<std::size_t>((static_cast<std::int64_t>(next_) + closed) % steps);
    accumulated_to_ = from;
    ++work_meter().window_fills;
  }
  while (accumulated_to_ < t) {
    ++work_meter().buckets;
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
  if (handling != handling_ || handling + available != staffed_) counts_since_ = t;
  handling_ = handling;
  staffed_ = handling + available;
}

void Occupancy::evaluate(TimestampMs t, const RuleScope& s) {
  accumulate(t);
  if (floor_mod(t, step_) != 0) return;
  ++work_meter().checks;
  last_check_ = t;
  const bool defined = sum_.staffed_ms > 0;
  last_ = defined
              ? 100.0 * static_cast<double>(sum_.handling_ms) / static_cast<double>(sum_.staffed_ms)
              : -1;
  const bool above = defined && last_ > threshold_;
  const bool below = !defined || last_ < clear_below_;
  last_above_ = above;
  last_below_ = below;
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

bool Occupancy::settled() const {
  if (last_check_ == kBeforeTime) return false;
  const auto window = static_cast<std::int64_t>(ring_.size()) * step_;
  return counts_since_ == kBeforeTime || last_check_ - window >= counts_since_;
}

TimestampMs Occupancy::check_at_or_after(TimestampMs t) const {
  return -floor_div(-t, step_) * step_;
}

TimestampMs Occupancy::next_deadline(TimestampMs after) const {
  // Nothing can change while nobody is staffed and the window is empty.
  if (phase_ == Phase::idle && staffed_ == 0 && sum_.staffed_ms == 0 && current_.staffed_ms == 0)
    return kNever;
  if (after == kBeforeTime) return kNever;
  const TimestampMs next = (floor_div(after, step_) + 1) * step_;
  if (!settled()) return next;
  // Every later check reads what the last one read: only a hold running out can act.
  TimestampMs at = next;
  switch (phase_) {
    case Phase::idle:
      if (!last_above_) at = kNever;
      break;
    case Phase::pending:
      if (last_above_) at = check_at_or_after(above_since_ + hold_);
      break;
    case Phase::firing:
      if (!last_below_ && below_since_ == kNever)
        at = kNever;
      else if (last_below_ && below_since_ != kNever)
        at = check_at_or_after(below_since_ + clear_hold_);
      break;
  }
  return at == kNever ? kNever : std::max(at, next);
}

std::unique_ptr<GroupRule> occupancy_rule(const CriterionDef& def) {
  return std::make_unique<Occupancy>(def);
}

}  // namespace vigie::engine
