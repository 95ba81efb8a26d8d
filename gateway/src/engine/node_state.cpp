#include "engine/node_state.hpp"

#include <algorithm>

namespace vigie::engine {

TimestampMs NodeState::clock_at(TimestampMs gateway_now, TimestampMs since, std::int64_t silence,
                                std::int64_t lateness) const {
  TimestampMs clock = std::max({clock_, latest_ts, watermark});
  // Silence is no loss (a floor at lunch sends nothing): time goes on for its subjects.
  // Not for a node that has told no time yet: its first event must meet its own clock.
  if (!follows_time() || gateway_now == kBeforeTime || clock == kBeforeTime) return clock;
  const TimestampMs quiet_from = std::max(last_arrival, since);
  if (quiet_from != kBeforeTime && gateway_now - quiet_from >= silence)
    clock = std::max(clock, gateway_now - lateness);
  return clock;
}

TimestampMs NodeState::advance_clock(TimestampMs gateway_now, TimestampMs since,
                                     std::int64_t silence, std::int64_t lateness) {
  clock_ = clock_at(gateway_now, since, silence, lateness);
  return clock_;
}

void NodeState::note_applied(const Event& e) {
  latest_ts = std::max(latest_ts, e.ts);
  clock_ = std::max(clock_, latest_ts);
}

void NodeState::note_watermark(TimestampMs until) {
  watermarked = true;
  watermark = std::max(watermark, until);
  clock_ = std::max(clock_, watermark);
}

}  // namespace vigie::engine
