#include "central/shipment.hpp"

#include <stdexcept>

#include "evidence/ledger_feed.hpp"

namespace vigie::central {
namespace {

using nlohmann::json;

json opt(const std::optional<std::string>& s) {
  return s ? json(*s) : json(nullptr);
}
json opt(const std::optional<std::int64_t>& v) {
  return v ? json(*v) : json(nullptr);
}

// A column of a central table as a shipment fills it: its type in the JSON
// recordset, and whether it is a time sent in ms since the epoch.
struct Column {
  const char* name;
  const char* type;
  bool ms = false;
};

struct Table {
  const char* name;
  const char* time_key;  // the partition key, part of the conflict target
  std::vector<Column> columns;
};

const Table kAlertTransitions{"alert_transitions",
                              "at",
                              {{"id", "bigint"},
                               {"at", "bigint", true},
                               {"key", "text"},
                               {"alert_id", "text"},
                               {"change", "text"},
                               {"from_state", "text"},
                               {"state", "text"},
                               {"criterion", "text"},
                               {"severity", "text"},
                               {"subject_kind", "text"},
                               {"subject_id", "text"},
                               {"started_at", "bigint", true},
                               {"alert", "jsonb"},
                               {"recorded_at", "bigint", true}}};
const Table kNodeHistory{"node_history",
                         "at",
                         {{"id", "bigint"},
                          {"at", "bigint", true},
                          {"node", "text"},
                          {"what", "text"},
                          {"epoch", "text"},
                          {"node_kind", "text"},
                          {"fw", "text"},
                          {"state", "text"},
                          {"received_at", "bigint", true}}};
const Table kGaps{"gaps",
                  "detected_at",
                  {{"id", "bigint"},
                   {"detected_at", "bigint", true},
                   {"node", "text"},
                   {"epoch", "text"},
                   {"from_seq", "bigint"},
                   {"to_seq", "bigint"},
                   {"from_ts", "bigint", true},
                   {"to_ts", "bigint", true},
                   {"status", "text"},
                   {"closed_at", "bigint", true}}};
const Table kAgentDays{"agent_days",
                       "day",
                       {{"id", "bigint"},
                        {"day", "date"},
                        {"agent", "text"},
                        {"work_ms", "bigint"},
                        {"pause_ms", "bigint"},
                        {"off_ms", "bigint"},
                        {"longest_work_ms", "bigint"},
                        {"criteria", "jsonb"},
                        {"entry", "text"}}};
const Table kCheckpoints{"checkpoints",
                         "signed_at",
                         {{"id", "bigint"},
                          {"signed_at", "bigint", true},
                          {"size", "bigint"},
                          {"root", "text"},
                          {"note", "text"}}};

// INSERT ... SELECT FROM jsonb_to_recordset($2) ... ON CONFLICT DO UPDATE: one
// statement per table per shipment, whatever the number of rows.
std::string upsert_sql(const Table& t) {
  std::string cols = "site", exprs = "$1", decl, updates;
  for (const auto& c : t.columns) {
    cols += std::string(", ") + c.name;
    exprs +=
        c.ms ? std::string(", timestamptz 'epoch' + r.") + c.name + " * interval '1 millisecond'"
             : std::string(", r.") + c.name;
    decl += std::string(decl.empty() ? "" : ", ") + c.name + " " + c.type;
    if (std::string(c.name) != "id" && std::string(c.name) != t.time_key)
      updates += std::string(updates.empty() ? "" : ", ") + c.name + " = EXCLUDED." + c.name;
  }
  return std::string("INSERT INTO vigie.") + t.name + " (" + cols + ") SELECT " + exprs +
         " FROM jsonb_to_recordset($2::jsonb) AS r(" + decl + ") ON CONFLICT (site, id, " +
         t.time_key + ") DO UPDATE SET " + updates;
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

}  // namespace

std::size_t CentralRows::size() const {
  return alert_transitions.size() + node_history.size() + gaps.size() + agent_days.size() +
         checkpoints.size();
}

CentralRows central_rows(const store::OutboxBatch& batch, const AlertPseudonymiser& pseudonymise) {
  CentralRows out;
  for (const auto& t : batch.transitions) {
    const auto p = evidence::pseudonymous_transition(t.key, t.alert_json, pseudonymise);
    const auto& a = p.alert;
    std::string subject_kind, subject_id;
    if (const auto s = a.find("subject"); s != a.end() && s->is_object() && !s->empty()) {
      subject_kind = s->begin().key();
      subject_id = s->begin()->is_string() ? s->begin()->get<std::string>() : s->begin()->dump();
    }
    const auto started = a.find("started_at");
    out.alert_transitions.push_back(
        {{"id", t.id},
         {"at", t.at},
         {"key", p.key},
         {"alert_id", a.value("id", "")},
         {"change", t.change},
         {"from_state", opt(t.from_state)},
         {"state", t.state},
         {"criterion", a.value("criterion", "")},
         {"severity", a.value("severity", "")},
         {"subject_kind", subject_kind},
         {"subject_id", subject_id},
         {"started_at", started != a.end() && started->is_number_integer() ? *started : json()},
         {"alert", a},
         {"recorded_at", t.recorded_at}});
  }
  for (const auto& n : batch.node_changes)
    out.node_history.push_back({{"id", n.id},
                                {"at", n.ts},
                                {"node", n.node},
                                {"what", n.what},
                                {"epoch", opt(n.epoch)},
                                {"node_kind", opt(n.kind)},
                                {"fw", opt(n.fw)},
                                {"state", opt(n.state)},
                                {"received_at", n.received_at}});
  for (const auto& g : batch.gaps)
    out.gaps.push_back({{"id", g.id},
                        {"detected_at", g.detected_at},
                        {"node", g.node},
                        {"epoch", g.epoch},
                        {"from_seq", g.from_seq},
                        {"to_seq", g.to_seq},
                        {"from_ts", opt(g.from_ts)},
                        {"to_ts", opt(g.to_ts)},
                        {"status", g.status},
                        {"closed_at", opt(g.closed_at)}});
  for (const auto& d : batch.agent_days) {
    const auto entry = json::parse(d.entry);
    const auto& data = entry.at("data");
    out.agent_days.push_back({{"id", d.idx},
                              {"day", data.at("date")},
                              {"agent", data.at("agent")},
                              {"work_ms", data.value("work_ms", json())},
                              {"pause_ms", data.value("pause_ms", json())},
                              {"off_ms", data.value("off_ms", json())},
                              {"longest_work_ms", data.value("longest_work_ms", json())},
                              {"criteria", data.value("criteria", json::object())},
                              {"entry", d.entry}});
  }
  for (const auto& c : batch.checkpoints)
    out.checkpoints.push_back({{"id", c.id},
                               {"signed_at", c.signed_at},
                               {"size", c.size},
                               {"root", hex(c.root)},
                               {"note", c.note}});
  return out;
}

ShipmentResult ship_next(store::OutboxRepository& outbox, PgConnection& pg,
                         const ShipmentOptions& options) {
  const auto batch = outbox.next(options.batch);
  if (batch.rows == 0) return {};
  if (!batch.missing.empty())
    throw std::runtime_error(
        "the outbox names a row the store no longer holds: " + batch.missing.front() +
        " (outbox #" + std::to_string(batch.first_id) + "-" + std::to_string(batch.last_id) + ")");
  const auto rows = central_rows(batch, options.pseudonymise_alert);
  const auto left = outbox.depth(batch.last_id);  // what still waits behind this batch
  pg.exec("BEGIN");
  try {
    const std::pair<const Table*, const json*> tables[] = {
        {&kAlertTransitions, &rows.alert_transitions},
        {&kNodeHistory, &rows.node_history},
        {&kGaps, &rows.gaps},
        {&kAgentDays, &rows.agent_days},
        {&kCheckpoints, &rows.checkpoints}};
    for (const auto& [table, items] : tables)
      if (!items->empty()) pg.exec(upsert_sql(*table), {options.site, items->dump()});
    // Each alert as its latest transition leaves it; an older one shipped again changes nothing.
    if (!rows.alert_transitions.empty())
      pg.exec(
          "INSERT INTO vigie.alerts (site, alert_id, criterion, severity, subject_kind,"
          " subject_id, state, started_at, updated_at, transition_id, alert)"
          " SELECT DISTINCT ON (r.alert_id) $1, r.alert_id, r.criterion, r.severity,"
          " r.subject_kind, r.subject_id, r.state,"
          " timestamptz 'epoch' + r.started_at * interval '1 millisecond',"
          " timestamptz 'epoch' + r.at * interval '1 millisecond', r.id, r.alert"
          " FROM jsonb_to_recordset($2::jsonb) AS r(id bigint, at bigint, alert_id text,"
          " criterion text, severity text, subject_kind text, subject_id text, state text,"
          " started_at bigint, alert jsonb) ORDER BY r.alert_id, r.at DESC, r.id DESC"
          " ON CONFLICT (site, alert_id) DO UPDATE SET criterion = EXCLUDED.criterion,"
          " severity = EXCLUDED.severity, subject_kind = EXCLUDED.subject_kind,"
          " subject_id = EXCLUDED.subject_id, state = EXCLUDED.state,"
          " started_at = EXCLUDED.started_at, updated_at = EXCLUDED.updated_at,"
          " transition_id = EXCLUDED.transition_id, alert = EXCLUDED.alert"
          " WHERE (vigie.alerts.updated_at, vigie.alerts.transition_id) <="
          " (EXCLUDED.updated_at, EXCLUDED.transition_id)",
          {options.site, rows.alert_transitions.dump()});
    pg.exec(
        "INSERT INTO vigie.sites (site, gateway_id, shipped_through, outbox_depth,"
        " outbox_oldest, last_batch_at) VALUES ($1, $2, $3, $4,"
        " timestamptz 'epoch' + $5::bigint * interval '1 millisecond', now())"
        " ON CONFLICT (site) DO UPDATE SET gateway_id = EXCLUDED.gateway_id,"
        " shipped_through = EXCLUDED.shipped_through, outbox_depth = EXCLUDED.outbox_depth,"
        " outbox_oldest = EXCLUDED.outbox_oldest, last_batch_at = EXCLUDED.last_batch_at",
        {options.site, options.gateway_id, std::to_string(batch.last_id), std::to_string(left.rows),
         left.oldest ? std::optional<std::string>(std::to_string(*left.oldest)) : std::nullopt});
    pg.exec("COMMIT");
  } catch (const CentralError&) {
    if (pg.usable()) {
      try {
        pg.exec("ROLLBACK");
      } catch (const CentralError&) {
        // The server rolls back a transaction whose connection ends.
      }
    }
    throw;
  }
  // Only now: PostgreSQL has committed every row of the batch.
  outbox.remove_through(batch.last_id);
  return {batch.rows, rows.size()};
}

}  // namespace vigie::central
