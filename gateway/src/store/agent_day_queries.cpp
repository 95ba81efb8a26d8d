#include "store/agent_day_queries.hpp"

namespace vigie::store {

std::vector<AgentStateRow> day_state_changes(Database& db, TimestampMs from, TimestampMs to) {
  return read_rows(
      db,
      "SELECT agent, ts, state, reason, team FROM events WHERE type = 'agent.state' AND agent IN"
      " (SELECT DISTINCT agent FROM events WHERE type = 'agent.state' AND ts >= ?1 AND ts < ?2)"
      " AND ts < ?2 AND ts >= ?1 - 86400000 ORDER BY agent, ts, id",
      [](const Statement& s) {
        return AgentStateRow{s.text(0), s.int64(1), s.text(2), s.optional_text(3),
                             s.optional_text(4)};
      },
      from, to);
}

std::vector<AgentAlertChange> agent_alert_changes(Database& db, TimestampMs from, TimestampMs to) {
  return read_rows(
      db,
      "SELECT t.change, t.state, a.criterion, a.subject_id FROM alert_transitions t"
      " JOIN alerts a ON a.alert_id = t.alert_id"
      " WHERE a.subject_kind = 'agent' AND t.at >= ?1 AND t.at < ?2",
      [](const Statement& s) {
        return AgentAlertChange{s.text(0), s.text(1), s.text(2), s.text(3)};
      },
      from, to);
}

bool agent_known(Database& db, const std::string& agent) {
  auto known = db.prepare("SELECT 1 FROM events WHERE agent = ?1 LIMIT 1");
  known.bind(1, agent);
  return known.step();
}

std::vector<AgentStateRow> agent_state_changes(Database& db, const std::string& agent,
                                               TimestampMs from, TimestampMs to) {
  return read_rows(
      db,
      "SELECT ts, state, reason FROM ("
      " SELECT ts, state, reason, id FROM (SELECT ts, state, reason, id FROM events"
      "  WHERE type = 'agent.state' AND agent = ?1 AND ts < ?2 ORDER BY ts DESC, id DESC LIMIT 1)"
      " UNION ALL SELECT ts, state, reason, id FROM events"
      "  WHERE type = 'agent.state' AND agent = ?1 AND ts >= ?2 AND ts < ?3)"
      " ORDER BY ts, id",
      [](const Statement& s) {
        return AgentStateRow{{}, s.int64(0), s.text(1), s.optional_text(2), std::nullopt};
      },
      agent, from, to);
}

std::vector<ShiftRow> agent_shifts(Database& db, const std::string& agent, TimestampMs from,
                                   TimestampMs to) {
  return read_rows(
      db,
      "SELECT shift, start_ts, end_ts, breaks FROM events WHERE type = 'schedule.shift'"
      " AND agent = ?1 AND start_ts < ?3 AND end_ts > ?2 ORDER BY ts, id",
      [](const Statement& s) {
        return ShiftRow{s.optional_text(0), s.int64(1), s.int64(2), s.optional_text(3)};
      },
      agent, from, to);
}

std::vector<std::string> agent_alerts_started_before(Database& db, const std::string& agent,
                                                     TimestampMs to) {
  return read_rows(
      db,
      "SELECT alert FROM alerts WHERE subject_kind = 'agent' AND subject_id = ?1"
      " AND started_at < ?2 ORDER BY started_at",
      [](const Statement& s) { return s.text(0); }, agent, to);
}

}  // namespace vigie::store
