// What an agent's day is read from (summary/day_summary): its state changes,
// planned shifts and alerts, and the agent-alert transitions of a day, as
// typed rows. States and reasons stay as recorded; the reader parses them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

struct AgentStateRow {  // an agent.state event
  std::string agent;
  TimestampMs ts = 0;
  std::string state;
  std::optional<std::string> reason, team;
};

struct AgentAlertChange {  // an alert_transitions row of an alert on an agent
  std::string change, state, criterion, agent;
};

struct ShiftRow {  // a schedule.shift event
  std::optional<std::string> shift;
  TimestampMs start = 0, end = 0;
  std::optional<std::string> breaks;  // JSON as received
};

// The state changes of every agent with one in [from, to), from a day before FROM up to TO,
// by agent then time.
std::vector<AgentStateRow> day_state_changes(Database& db, TimestampMs from, TimestampMs to);
// The transitions recorded in [from, to) of alerts on agents.
std::vector<AgentAlertChange> agent_alert_changes(Database& db, TimestampMs from, TimestampMs to);
// Whether any event names AGENT.
bool agent_known(Database& db, const std::string& agent);
// AGENT's state changes in [from, to), after the last one before FROM (however old); the
// agent and team fields are left empty.
std::vector<AgentStateRow> agent_state_changes(Database& db, const std::string& agent,
                                               TimestampMs from, TimestampMs to);
// AGENT's planned shifts overlapping [from, to), in the order they were published.
std::vector<ShiftRow> agent_shifts(Database& db, const std::string& agent, TimestampMs from,
                                   TimestampMs to);
// AGENT's alerts (their JSON as recorded) started before TO, in the order they started.
std::vector<std::string> agent_alerts_started_before(Database& db, const std::string& agent,
                                                     TimestampMs to);

}  // namespace vigie::store
