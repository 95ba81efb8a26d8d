// What the staff representatives (the cse role, issue 19) read: team- and site-level
// aggregates over a period, never an agent row, never a pseudonym, never the text of a note.
// The app implements it over the store and the engine; the API includes no engine header.
#pragma once

#include <nlohmann/json.hpp>

#include "api/floor_service.hpp"

namespace vigie::api {

class CseService {
 public:
  virtual ~CseService() = default;

  // Over the civil days that start in [FROM, TO) (FROM < TO):
  //   {"from":T, "to":T, "min_group":5, "profile":"...",
  //    "site":GROUP,                       (every agent of the period)
  //    "teams":[GROUP...],                 (teams under min_group agents merged with a
  //                                         neighbour; a site under min_group is one group)
  //    "days":[{"day":"2026-11-30", "agent_days":N, "breaches":{"BRK-01":N,...}}],
  //                                        (a day of fewer than min_group agents: "agent_days"
  //                                         "< 5" and no breaches)
  //    "compliance":[...],                 (FloorService::compliance's criteria: team, zone
  //                                         and node criteria as well)
  //    "noise":[{"zone","samples","laeq_mean_db","laeq_max_db"}],
  //    "completeness":{"agent_days":N, "agent_days_without_data":N, "gaps_open":N,
  //                    "gaps_lost":N, "gaps_filled":N},
  //    "acknowledgements":N, "justifications":N}   (counted: never their text)
  // GROUP:
  //   {"teams":["sav-1","sav-2"], "agents":N or "< 5", "agent_days":N,
  //    "criteria":[{"criterion","title","held","breached","justified","without_data",
  //                 "held_share":0.0..1.0 or null}],
  //    "pauses_taken":N, "pauses_due":N or null, "work_hours":x, "pause_hours":x,
  //    "occupancy":0.0..1.0 or null}    (live: handling / (handling + available); null
  //                                      under min_group agents handling or available)
  virtual nlohmann::json overview(EpochMs from, EpochMs to) const = 0;
};

}  // namespace vigie::api
