// The daily summary of each agent, as evidence (issue #4): for one civil day of
// the site, from the stored agent.state events and the alert transitions, per
// agent: work, pause and off time (ms, exact), the pauses taken (start, length), the
// longest run of work, and for each agent criterion in force: held, breached,
// justified or no_data. Agents are named by pseudonym only.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/civil_date.hpp"
#include "engine/time_zone.hpp"
#include "evidence/ledger_feed.hpp"
#include "referentiel/referentiel.hpp"
#include "store/database.hpp"

namespace vigie::summary {

struct DaySummaryInput {
  const engine::TimeZone* zone = nullptr;
  const referentiel::ActiveReferentiel* referentiel = nullptr;
  std::function<std::string(const std::string&)> pseudonym;
};

struct AgentDay {
  std::string pseudonym;
  nlohmann::json summary;  // the entry's data
  std::string team;        // the team of the agent's last state event up to the day's end
};

// Every agent with an agent.state event on DATE (or in a state carried into it).
std::vector<AgentDay> summarise_day(store::Database& db, const DaySummaryInput& in,
                                    engine::CivilDate date);

// A summary as the ledger keys it: source "day_summary:<date>", an id from the
// pseudonym, timed at the day's last ms.
struct DayEntry {
  std::string src;
  std::int64_t src_id = 0;
  TimestampMs at = 0;
  nlohmann::json summary;
};

// The summaries of FIRST..LAST (both included) the ledger lacks; reads only.
std::vector<DayEntry> unrecorded_day_summaries(store::Database& db, const DaySummaryInput& in,
                                               engine::CivilDate first, engine::CivilDate last);

// Appends to the ledger the summaries of FIRST..LAST (both included) it lacks:
// one entry per (day, agent), kind "agent.day", timed at the day's last ms.
std::size_t record_day_summaries(store::Database& db, evidence::LedgerFeed& feed,
                                 const DaySummaryInput& in, engine::CivilDate first,
                                 engine::CivilDate last);

// One agent's DATE as a timeline, for the dashboard (identifiers in clear: the caller
// decides who may read it): the day [from, to) on the site's clock, its activity bands up to
// UNTIL (the day's end, or now for today), the planned shifts and breaks of the day, and the
// agent's alerts that overlap it:
//   {"agent","date","from","to","until",
//    "bands":[{"start","end","activity":"work"|"pause"|"off"}],
//    "work_ms","pause_ms","longest_work_ms","pauses":[{"start","ms"}],
//    "schedule":[{"start","end","breaks":[{"start","end","kind"}]}],
//    "alerts":[{"id","criterion","severity","state","started_at","due_at","fired_at","resolved_at"}]}
// Null when the agent has no event at all.
nlohmann::json agent_timeline(store::Database& db, const engine::TimeZone& zone,
                              const referentiel::ActiveReferentiel& referentiel,
                              const std::string& agent, engine::CivilDate date, TimestampMs now);

// The last civil day that is over by an hour at NOW (late events have come in).
engine::CivilDate last_complete_day(const engine::TimeZone& zone, TimestampMs now);

}  // namespace vigie::summary
