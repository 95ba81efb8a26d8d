// What the floor's HTTP views read of the store besides alerts: the subjects
// with data in a period, the alerts fired in it, and the nodes with their gaps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

// Distinct agents, teams, zones and nodes named by events in [from, to).
struct SubjectCounts {
  std::int64_t agents = 0, teams = 0, zones = 0, nodes = 0;
};
SubjectCounts subjects_with_data(Database& db, TimestampMs from, TimestampMs to);

// Each alert that fired in [from, to): its criterion, when, and whether it was justified.
struct FiredAlert {
  std::string criterion;
  TimestampMs fired_at = 0;
  bool justified = false;
};
std::vector<FiredAlert> alerts_fired(Database& db, TimestampMs from, TimestampMs to);

// The alerts of CRITERION that fired in [from, to), and how many of them are justified.
struct BreachCount {
  std::int64_t fired = 0, justified = 0;
};
BreachCount breaches_of(Database& db, const std::string& criterion, TimestampMs from,
                        TimestampMs to);

struct NodeGap {
  std::int64_t from_seq = 0, to_seq = 0;
  std::string status;  // "open", "filled", "lost"
};

// A node as the floor shows it; NULL columns are nullopt.
struct NodeOverview {
  std::string node;
  std::optional<std::string> kind, state, epoch;
  std::optional<TimestampMs> last_event_at;
  TimestampMs last_seen_at = 0;
  std::int64_t gaps_open = 0, gaps_total = 0;
  std::vector<NodeGap> latest_gaps;  // the 5 latest, newest first
};
// Every node, by name.
std::vector<NodeOverview> node_overviews(Database& db);

}  // namespace vigie::store
