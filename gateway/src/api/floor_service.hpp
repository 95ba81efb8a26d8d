// What the API reads of the floor (agents, teams, alerts, nodes) and the two acts it may do on
// alerts. The app implements it over the engine; the API includes no engine header. Every
// method is called from HTTP threads (and the live hub's snapshots) while ingest runs:
// implementations must be thread-safe. LivePublisher::publish never calls back into a
// FloorService, so the app may publish while holding the lock its methods take.
//
// The JSON shapes are part of the HTTP contract (contract.md sec. 5 and 6) and of what the
// dashboard reads; keys not listed may be added, listed keys must keep their meaning.
// Times are integer ms since the Unix epoch (event time, as the engine keeps them).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace vigie::api {

using EpochMs = std::int64_t;

// Which alerts GET /api/v1/alerts asks for.
enum class AlertStateFilter {
  active,    // due, pending, firing, nodata: not yet resolved
  resolved,  // resolved
  all,
};

struct AlertQuery {
  AlertStateFilter state = AlertStateFilter::active;
  std::optional<std::string> criterion;  // e.g. "BRK-01"; only that criterion
  // An alert is in the window when its occurrence overlaps [since, until]: it started at or
  // before UNTIL and was not resolved before SINCE. Unset bounds are open.
  std::optional<EpochMs> since;
  std::optional<EpochMs> until;
};

class FloorService {
 public:
  virtual ~FloorService() = default;

  // Alert objects of contract sec. 5 matching QUERY, most recently started first.
  virtual std::vector<nlohmann::json> alerts(const AlertQuery& query) const = 0;

  // Records an acknowledgement or a justification on alert ID and returns the alert as it
  // now stands; nullopt when no alert has that ID. BY is the token's name, AT the gateway's
  // wall-clock time. REASON is never empty.
  virtual std::optional<nlohmann::json> acknowledge(const std::string& id, const std::string& by,
                                                    EpochMs at, const std::string& note) = 0;
  virtual std::optional<nlohmann::json> justify(const std::string& id, const std::string& by,
                                                EpochMs at, const std::string& reason,
                                                const std::string& note) = 0;

  // Per criterion over [FROM, TO) (FROM < TO):
  //   {"from":T, "to":T,
  //    "criteria":[{"criterion":"BRK-01", "title":"...", "severity":"critical",
  //                 "subjects_checked":N, "breaches":N, "justified":N,
  //                 "compliance_rate":0.0..1.0 or null when nothing was checked,
  //                 "days":[{"day":"2026-01-05", "from":T, "subjects_checked":N,
  //                          "breaches":N, "justified":N}]   (optional: the civil days
  //                          on the site's clock, for periods of at most 62 days)
  //                }]}
  // A breach is an occurrence that fired; compliance_rate = 1 - unjustified breaches /
  // subjects checked. No agent identifier may appear here: auditors read it as it is.
  virtual nlohmann::json compliance(EpochMs from, EpochMs to) const = 0;

  // The live floor, with agent identifiers in clear (the API pseudonymises for auditors):
  //   {"at":T,   (the gateway's wall clock when read)
  //    "agents":[AGENT...], "teams":[TEAM...]}
  // AGENT:
  //   {"agent":"4012", "team":"sav-1",
  //    "name":"..."                      (optional, from a directory; managers only)
  //    "state":"talking", "reason":"break" or null, "activity":"work"|"pause"|"off",
  //    "since":T,                        (entered this state)
  //    "as_of":T,                        (the event time the figures below are counted to:
  //                                       the node's clock or the agent's latest event,
  //                                       whichever is later)
  //    "work_minutes_today":312.5, "pause_minutes_today":25.0,
  //    "last_real_pause_end":T or null,  (end of the last pause long enough to count; an
  //                                       agent in such a pause now has it null and
  //                                       activity "pause")
  //    (no per-agent occupancy: a team figure only, never a way to rank agents)
  //    "alerts":[{"id","criterion","severity","state","due_at"}]}   (open ones only)
  // TEAM:
  //   {"team":"sav-1", "logged_in":N, "handling":N, "available":N,
  //    "occupancy":0.0..1.0 or null}     (handling / (handling + available))
  virtual nlohmann::json agents() const = 0;
  // agents()'s "at" and "teams" without the agents' entries, for readers of the team
  // counts only (the live feed of a team-only floor, the representatives' view).
  //   {"at":T, "teams":[TEAM...]}
  // The default takes them from agents().
  virtual nlohmann::json teams() const {
    auto floor = agents();
    nlohmann::json out = {{"teams", floor.value("teams", nlohmann::json::array())}};
    if (floor.contains("at")) out["at"] = floor["at"];
    return out;
  }

  // One agent's civil day DATE ("2026-12-07", already checked as a date; empty: today on the
  // site's clock) as a timeline: the
  // activity bands, planned shifts and breaks, and alerts (summary::agent_timeline's shape).
  // Null when no agent has that identifier. An addition; the default knows no agent.
  virtual nlohmann::json agent_day(const std::string& /*agent*/,
                                   const std::string& /*date*/) const {
    return nullptr;
  }

  // Each node: {"node":"acd-1", "kind":"acd-bridge", "state":"online"|"offline"|"lost",
  //  "epoch":"9f2c...", "last_event_at":T or null, "last_seen_at":T or null,
  //  "gaps_open":N, "gaps_total":N,
  //  "gaps":[{"first_seq":N, "last_seq":N, "state":"open"|"filled"|"abandoned"}]}
  //  (the most recent gaps, a few at most).
  virtual nlohmann::json nodes() const = 0;
};

// Where live changes go (LiveHub implements it). The app calls publish() after each change
// it applied, in the order it applied them; each message replaces what a client knew of its
// object, so a client that missed some is whole again after the next snapshot:
//   {"type":"agent", "at":T, "agent":AGENT}   an agent's state or figures changed (T: the
//                                             gateway's clock, as the snapshot's "at")
//   {"type":"team",  "at":T, "team":TEAM}     a team's counts changed (sent after the agent
//                                             change that moved them)
//   {"type":"alert", "alert":ALERT}           an alert transition (contract sec. 5), ack or
//                                             justification
//   {"type":"node",  "node":NODE}             a node's state or gaps changed
// Clients also receive {"type":"snapshot", "at":T, "agents":[...], "teams":[...],
// "alerts":[active alerts], "nodes":[...]} when they connect and after falling behind.
class LivePublisher {
 public:
  virtual ~LivePublisher() = default;
  // Thread-safe and non-blocking: never waits for a client.
  virtual void publish(const nlohmann::json& message) = 0;
};

// The snapshot message described above, read from FLOOR.
nlohmann::json floor_snapshot(const FloorService& floor);

}  // namespace vigie::api
