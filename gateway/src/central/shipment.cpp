#include "central/shipment.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
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
  bool changes = false;  // a row may change (a gap closes): updated, not only inserted
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
                   {"closed_at", "bigint", true}},
                  true};
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

// Each shipment COPYs its rows into a temporary table of the session (COPY's text format is
// what PostgreSQL reads fastest), then merges them with one INSERT ... ON CONFLICT DO UPDATE
// per table; ON COMMIT DELETE ROWS empties the stage at each commit.
std::string stage_sql(const Table& t) {
  return std::string("CREATE TEMP TABLE IF NOT EXISTS stage_") + t.name + " (LIKE vigie." + t.name +
         " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
}

std::string copy_sql(const Table& t) {
  std::string cols = "site";
  for (const auto& c : t.columns) cols += std::string(", ") + c.name;
  return std::string("COPY pg_temp.stage_") + t.name + " (" + cols + ") FROM STDIN";
}

// A fact that never changes is inserted once (DO NOTHING): the rows it returns are the ones
// new to the central, which the day's figures add up; a gap is brought up to date.
std::string merge_sql(const Table& t) {
  const std::string insert = std::string("INSERT INTO vigie.") + t.name +
                             " SELECT * FROM pg_temp.stage_" + t.name + " ON CONFLICT (site, id, " +
                             t.time_key + ") DO ";
  const std::string name = t.name;
  if (name == "agent_days")
    return "WITH fresh AS (" + insert +
           "NOTHING RETURNING site, day, criteria) INSERT INTO vigie.criterion_days (site, day,"
           " criterion, agent_days, breached, justified, no_data) SELECT site, day, c.key,"
           " count(*), count(*) FILTER (WHERE c.value = 'breached'), count(*) FILTER (WHERE"
           " c.value = 'justified'), count(*) FILTER (WHERE c.value = 'no_data') FROM fresh,"
           " jsonb_each_text(fresh.criteria) c GROUP BY 1, 2, 3 ON CONFLICT (site, day,"
           " criterion) DO UPDATE SET agent_days = vigie.criterion_days.agent_days +"
           " EXCLUDED.agent_days, breached = vigie.criterion_days.breached + EXCLUDED.breached,"
           " justified = vigie.criterion_days.justified + EXCLUDED.justified, no_data ="
           " vigie.criterion_days.no_data + EXCLUDED.no_data";
  if (name == "alert_transitions")
    return "WITH fresh AS (" + insert +
           "NOTHING RETURNING site, at, criterion, change, state) INSERT INTO"
           " vigie.criterion_days (site, day, criterion, alerts_fired) SELECT site, (at AT TIME"
           " ZONE 'UTC')::date, criterion, count(*) FROM fresh WHERE change = 'state' AND state"
           " = 'firing' GROUP BY 1, 2, 3 ON CONFLICT (site, day, criterion) DO UPDATE SET"
           " alerts_fired = vigie.criterion_days.alerts_fired + EXCLUDED.alerts_fired";
  if (!t.changes) return insert + "NOTHING";
  std::string updates;
  for (const auto& c : t.columns)
    if (std::string(c.name) != "id" && std::string(c.name) != t.time_key)
      updates += std::string(updates.empty() ? "" : ", ") + c.name + " = EXCLUDED." + c.name;
  return insert + "UPDATE SET " + updates;
}

// One value in COPY's text format: NULL as \N, a time in ms as UTC, backslashes and
// line breaks escaped.
void append_copy(std::string& out, const json& v, bool ms) {
  if (v.is_null()) {
    out += "\\N";
    return;
  }
  if (ms) {
    const auto value = v.get<std::int64_t>();
    const std::time_t t = static_cast<std::time_t>(value / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[48];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d+00",
                                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                                tm.tm_sec, static_cast<int>(value % 1000));
    out.append(buf, static_cast<std::size_t>(n));
    return;
  }
  const std::string text = v.is_string() ? v.get_ref<const std::string&>() : v.dump();
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

std::string copy_data(const Table& t, const std::string& site, const json& rows) {
  std::string out;
  for (const auto& r : rows) {
    append_copy(out, site, false);
    for (const auto& c : t.columns) {
      out += '\t';
      append_copy(out, r.at(c.name), c.ms);
    }
    out += '\n';
  }
  return out;
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
  const auto central_start = std::chrono::steady_clock::now();
  // Three round trips and one per table, whatever the rows: the WAN's latency is paid per
  // statement. Site and gateway ids are [A-Za-z0-9._-] (config), safe inside quotes.
  const std::pair<const Table*, const json*> tables[] = {
      {&kAlertTransitions, &rows.alert_transitions},
      {&kNodeHistory, &rows.node_history},
      {&kGaps, &rows.gaps},
      {&kAgentDays, &rows.agent_days},
      {&kCheckpoints, &rows.checkpoints}};
  std::string begin = "BEGIN", finish;
  for (const auto& [table, items] : tables)
    if (!items->empty()) {
      begin += "; " + stage_sql(*table);
      finish += merge_sql(*table) + "; ";
    }
  // Each alert as its latest transition leaves it; an older one shipped again changes nothing.
  if (!rows.alert_transitions.empty())
    finish +=
        "INSERT INTO vigie.alerts (site, alert_id, criterion, severity, subject_kind,"
        " subject_id, state, started_at, updated_at, transition_id)"
        " SELECT DISTINCT ON (alert_id) site, alert_id, criterion, severity, subject_kind,"
        " subject_id, state, started_at, at, id FROM pg_temp.stage_alert_transitions"
        " ORDER BY alert_id, at DESC, id DESC"
        " ON CONFLICT (site, alert_id) DO UPDATE SET criterion = EXCLUDED.criterion,"
        " severity = EXCLUDED.severity, subject_kind = EXCLUDED.subject_kind,"
        " subject_id = EXCLUDED.subject_id, state = EXCLUDED.state,"
        " started_at = EXCLUDED.started_at, updated_at = EXCLUDED.updated_at,"
        " transition_id = EXCLUDED.transition_id"
        " WHERE (vigie.alerts.updated_at, vigie.alerts.transition_id) <="
        " (EXCLUDED.updated_at, EXCLUDED.transition_id); ";
  finish +=
      "INSERT INTO vigie.sites (site, gateway_id, shipped_through, outbox_depth,"
      " outbox_oldest, last_batch_at) VALUES ('" +
      options.site + "', '" + options.gateway_id + "', " + std::to_string(batch.last_id) + ", " +
      std::to_string(left.rows) + ", " +
      (left.oldest
           ? "timestamptz 'epoch' + " + std::to_string(*left.oldest) + " * interval '1 millisecond'"
           : std::string("NULL")) +
      ", now()) ON CONFLICT (site) DO UPDATE SET gateway_id = EXCLUDED.gateway_id,"
      " shipped_through = EXCLUDED.shipped_through, outbox_depth = EXCLUDED.outbox_depth,"
      " outbox_oldest = EXCLUDED.outbox_oldest, last_batch_at = EXCLUDED.last_batch_at;"
      " COMMIT";
  try {
    pg.exec(begin);
    for (const auto& [table, items] : tables)
      if (!items->empty()) pg.copy_in(copy_sql(*table), copy_data(*table, options.site, *items));
    pg.exec(finish);
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
  const std::chrono::duration<double> central_time =
      std::chrono::steady_clock::now() - central_start;
  // Only now: PostgreSQL has committed every row of the batch.
  outbox.remove_through(batch.last_id);
  return {batch.rows, rows.size(), central_time.count()};
}

}  // namespace vigie::central
