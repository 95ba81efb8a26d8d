#include "store/alert_repository.hpp"

#include <nlohmann/json.hpp>

namespace vigie::store {

AlertRepository::AlertRepository(Database& db)
    : db_(db),
      insert_(db.prepare(
          "INSERT OR IGNORE INTO alert_transitions (key, alert_id, change, from_state, state, at,"
          " alert, recorded_at) VALUES (?,?,?,?,?,?,?,?)")),
      upsert_(db.prepare(
          "INSERT INTO alerts (alert_id, criterion, subject_kind, subject_id, state, severity,"
          " started_at, updated_at, alert) VALUES (?,?,?,?,?,?,?,?,?)"
          " ON CONFLICT (alert_id) DO UPDATE SET state = excluded.state,"
          " severity = excluded.severity, updated_at = excluded.updated_at,"
          " alert = excluded.alert")) {}

bool AlertRepository::record(const TransitionRecord& t, TimestampMs recorded_at) {
  Transaction tx(db_);
  const bool recorded = record_in(t, recorded_at);
  tx.commit();
  return recorded;
}

void AlertRepository::record_all(const std::vector<TransitionRecord>& records,
                                 TimestampMs recorded_at) {
  Transaction tx(db_);
  for (const auto& t : records) record_in(t, recorded_at);
  tx.commit();
}

bool AlertRepository::record_in(const TransitionRecord& t, TimestampMs recorded_at) {
  insert_.bind(1, t.key).bind(2, t.alert_id).bind(3, t.change).bind(4, t.from_state);
  insert_.bind(5, t.state).bind(6, t.at).bind(7, t.alert_json).bind(8, recorded_at);
  if (insert_.run() == 0) return false;
  upsert_.bind(1, t.alert_id).bind(2, t.criterion).bind(3, t.subject_kind).bind(4, t.subject_id);
  upsert_.bind(5, t.state).bind(6, t.severity).bind(7, t.started_at).bind(8, t.at);
  upsert_.bind(9, t.alert_json).run();
  return true;
}

std::vector<std::string> AlertRepository::transition_keys() {
  std::vector<std::string> keys;
  auto s = db_.prepare("SELECT key FROM alert_transitions");
  while (s.step()) keys.push_back(s.text(0));
  return keys;
}

std::vector<std::string> AlertRepository::alerts_json(const AlertFilter& f) {
  std::string sql = "SELECT alert FROM alerts WHERE 1 = 1";
  if (f.states == AlertFilter::States::active) sql += " AND state != 'resolved'";
  if (f.states == AlertFilter::States::resolved) sql += " AND state = 'resolved'";
  if (f.criterion) sql += " AND criterion = ?1";
  // Overlapping the period: not resolved before SINCE (a resolved alert's last update is
  // its resolution, or an acknowledgement after it), started at or before UNTIL.
  if (f.since) sql += " AND (state != 'resolved' OR updated_at >= ?2)";
  if (f.until) sql += " AND started_at <= ?3";
  sql += " ORDER BY updated_at DESC LIMIT ?4";
  auto s = db_.prepare(sql);
  if (f.criterion) s.bind(1, *f.criterion);
  if (f.since) s.bind(2, *f.since);
  if (f.until) s.bind(3, *f.until);
  s.bind(4, static_cast<std::int64_t>(f.limit));
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::optional<std::string> AlertRepository::alert_json(const std::string& alert_id) {
  auto s = db_.prepare("SELECT alert FROM alerts WHERE alert_id = ?");
  s.bind(1, alert_id);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::vector<OpenAlertActs> AlertRepository::open_alert_acts() {
  std::vector<OpenAlertActs> out;
  auto s = db_.prepare("SELECT alert FROM alerts WHERE state != 'resolved' ORDER BY started_at");
  while (s.step()) {
    const auto a = nlohmann::json::parse(s.text(0));
    OpenAlertActs acts{a.value("id", ""), std::nullopt, std::nullopt};
    if (a.contains("acked") && a["acked"].is_object()) {
      const auto& j = a["acked"];
      acts.acked =
          AlertAct{j.value("by", ""), j.value("at", TimestampMs{0}), "", j.value("note", "")};
    }
    if (a.contains("justified") && a["justified"].is_object()) {
      const auto& j = a["justified"];
      acts.justified = AlertAct{j.value("by", ""), j.value("at", TimestampMs{0}),
                                j.value("reason", ""), j.value("note", "")};
    }
    out.push_back(std::move(acts));
  }
  return out;
}

}  // namespace vigie::store
