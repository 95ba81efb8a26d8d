#include "engine/node_state.hpp"

#include <algorithm>

namespace vigie::engine {

TimestampMs NodeState::advance_clock(TimestampMs gateway_now, TimestampMs site_now,
                                     std::int64_t silence, std::int64_t lateness) {
  clock_ = std::max(clock_, latest_ts);
  // Silence is no loss (a floor at lunch sends nothing): time goes on for its subjects.
  if (status != NodeStatus::online || lost || !held.empty()) return clock_;
  if (last_arrival != kBeforeTime && gateway_now != kBeforeTime &&
      gateway_now - last_arrival >= silence)
    clock_ = std::max(clock_, gateway_now - lateness);
  if (last_arrival_site != kBeforeTime && site_now != kBeforeTime &&
      site_now - last_arrival_site >= silence)
    clock_ = std::max(clock_, site_now - lateness);
  return clock_;
}

void NodeState::note_applied(const Event& e) {
  latest_ts = std::max(latest_ts, e.ts);
  applied_max_seq = std::max(applied_max_seq, e.seq);
  clock_ = std::max(clock_, latest_ts);
}

}  // namespace vigie::engine
