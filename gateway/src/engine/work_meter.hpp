// Counts of the engine's unit steps, so that tests can show a jump in event
// time costs bounded work (elapsed time is no measure: it varies with the
// machine). Per thread, as an engine runs on one: reading it around a call
// gives that call's work. Always on: an increment per step is noise.
#pragma once

#include <cstdint>

namespace vigie::engine {

struct WorkMeter {
  std::uint64_t agent_steps = 0;   // instants an agent's rules were evaluated at
  std::uint64_t team_steps = 0;    // the same for a team
  std::uint64_t zone_steps = 0;    // and for a zone
  std::uint64_t boundaries = 0;    // shift, day and week boundaries handled one by one
  std::uint64_t week_skips = 0;    // runs of empty weeks closed at once
  std::uint64_t checks = 0;        // occupancy checks computed
  std::uint64_t buckets = 0;       // occupancy steps accumulated one by one
  std::uint64_t window_fills = 0;  // occupancy windows refilled at once
  std::uint64_t civil_times = 0;   // UTC to local time and back conversions

  bool operator==(const WorkMeter&) const = default;
  std::uint64_t steps() const { return agent_steps + team_steps + zone_steps; }
  std::uint64_t total() const {
    return steps() + boundaries + week_skips + checks + buckets + window_fills + civil_times;
  }
  WorkMeter operator-(const WorkMeter& o) const {
    return WorkMeter{
        agent_steps - o.agent_steps, team_steps - o.team_steps,     zone_steps - o.zone_steps,
        boundaries - o.boundaries,   week_skips - o.week_skips,     checks - o.checks,
        buckets - o.buckets,         window_fills - o.window_fills, civil_times - o.civil_times};
  }
};

inline WorkMeter& work_meter() {
  thread_local WorkMeter meter;
  return meter;
}

}  // namespace vigie::engine
