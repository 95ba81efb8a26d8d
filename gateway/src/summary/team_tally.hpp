// Agents' days added up per team, for readers who must never see one agent (the cse role,
// issue 19) and for the self-assessment report: verdicts per criterion, pauses taken against
// pauses due, work and pause time. Teams too small to be shown alone are merged with a
// neighbour, so that no figure is about fewer than kMinGroup agents unless the whole site is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "referentiel/referentiel.hpp"
#include "summary/day_summary.hpp"

namespace vigie::summary {

// The smallest number of agents a figure may describe on its own.
inline constexpr std::size_t kMinGroup = 5;

// Agent-days per verdict of one criterion (day_summary's held, breached, justified, no_data).
struct VerdictCounts {
  std::int64_t held = 0, breached = 0, justified = 0, no_data = 0;
  // Days judged: all but those without data.
  std::int64_t judged() const { return held + breached + justified; }
  // Share of judged days that held (a justified breach counts as held, as in the compliance
  // rate); nullopt when none was judged.
  std::optional<double> held_share() const;
  void add(const VerdictCounts& other);
  // One more day with VERDICT ("held", "breached", "justified"; anything else: no data).
  void count(std::string_view verdict);
};

// How pauses due are counted: one per LIMIT of work in a day, and a pause counts as taken
// when it lasts at least MIN_PAUSE. From the profile's pause quota (BRK-03, a work_run
// criterion with limit and reset), nullopt when the profile has none.
struct PauseQuota {
  std::int64_t limit_ms = 0;
  std::int64_t min_pause_ms = 0;
};
std::optional<PauseQuota> pause_quota(const referentiel::ActiveReferentiel& referentiel);

struct TeamTally {
  std::vector<std::string> teams;  // the teams added up here, in name order
  std::set<std::string> agents;    // to count them only: never written out
  std::int64_t agent_days = 0;
  std::map<std::string, VerdictCounts> criteria;  // by criterion id
  std::int64_t pauses_taken = 0, pauses_due = 0;
  std::int64_t work_ms = 0, pause_ms = 0;

  void add(const AgentDay& day, const std::optional<PauseQuota>& quota);
  void merge(const TeamTally& other);
};

// DAYS per team (an agent without a team is counted under "").
std::map<std::string, TeamTally> tally_by_team(const std::vector<AgentDay>& days,
                                               const std::optional<PauseQuota>& quota);

// The teams in name order, each with fewer than MIN agents merged into its next neighbour
// (the previous one for the last), until every group has MIN agents or more; a site with
// fewer than MIN agents in all is one group.
std::vector<TeamTally> merge_small_teams(const std::map<std::string, TeamTally>& teams,
                                         std::size_t min = kMinGroup);

}  // namespace vigie::summary
