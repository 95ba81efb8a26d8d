#include "engine/node_state.hpp"

#include <algorithm>

namespace vigie::engine {

TimestampMs NodeState::clock_at(TimestampMs gateway_now, TimestampMs site_now, std::int64_t silence,
                                std::int64_t lateness) const {
  TimestampMs clock = std::max(clock_, latest_ts);
  // Silence is no loss (a floor at lunch sends nothing): time goes on for its subjects.
  if (!follows_time()) return clock;
  if (last_arrival != kBeforeTime && gateway_now != kBeforeTime &&
      gateway_now - last_arrival >= silence)
    clock = std::max(clock, gateway_now - lateness);
  if (last_arrival_site != kBeforeTime && site_now != kBeforeTime &&
      site_now - last_arrival_site >= silence)
    clock = std::max(clock, site_now - lateness);
  return clock;
}

TimestampMs NodeState::advance_clock(TimestampMs gateway_now, TimestampMs site_now,
                                     std::int64_t silence, std::int64_t lateness) {
  clock_ = clock_at(gateway_now, site_now, silence, lateness);
  return clock_;
}

void NodeState::note_applied(const Event& e) {
  latest_ts = std::max(latest_ts, e.ts);
  applied_max_seq = std::max(applied_max_seq, e.seq);
  clock_ = std::max(clock_, latest_ts);
}

}  // namespace vigie::engine
