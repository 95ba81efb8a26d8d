#include "evidence/ledger_feed.hpp"

#include "evidence/canonical_json.hpp"
#include "evidence/hash.hpp"
#include "evidence/merkle.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;

json opt(const std::optional<std::string>& s) {
  return s ? json(*s) : json(nullptr);
}
json opt_int(const std::optional<std::string>& s) {
  return s ? json(std::stoll(*s)) : json(nullptr);
}
std::int64_t num(const std::optional<std::string>& s) {
  return s ? std::stoll(*s) : 0;
}

constexpr std::int64_t kBatch = 5000;

}  // namespace

PseudonymousTransition pseudonymous_transition(
    const std::string& key, const std::string& alert_json,
    const std::function<json(json)>& pseudonymise_alert) {
  json alert = json::parse(alert_json);
  const std::string raw_id = alert.value("id", "");
  if (pseudonymise_alert) alert = pseudonymise_alert(std::move(alert));
  // The key starts with the alert id, which for an agent alert must not travel as it is.
  std::string out_key = key;
  if (!raw_id.empty() && key.rfind(raw_id, 0) == 0)
    out_key = alert.value("id", "") + key.substr(raw_id.size());
  return {std::move(alert), std::move(out_key)};
}

LedgerFeed::LedgerFeed(store::Database& db, LedgerFeedOptions options)
    : ledger_(db), options_(std::move(options)) {}

// Measured values are decimals; canonical JSON holds integers only, so a
// fractional number is kept as the text nlohmann writes for it (shortest
// round trip), which is stable across runs.
json integers_only(json v) {
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d == static_cast<double>(static_cast<std::int64_t>(d))) return static_cast<std::int64_t>(d);
    return v.dump();
  }
  if (v.is_object() || v.is_array())
    for (auto& item : v) item = integers_only(std::move(item));
  return v;
}

std::string LedgerFeed::entry_text(std::int64_t idx, const std::string& kind, TimestampMs at,
                                   const std::string& site, const json& data) {
  return canonical_json(json{{"v", 1},
                             {"idx", idx},
                             {"kind", kind},
                             {"at", at},
                             {"site", site},
                             {"data", integers_only(data)}});
}

bool LedgerFeed::append(const std::string& src, std::int64_t src_id, const std::string& kind,
                        TimestampMs at, const json& data) {
  return ledger_.append(
      src, src_id, kind, at,
      [&](std::int64_t idx) { return entry_text(idx, kind, at, options_.site, data); },
      [](const std::string& entry) { return leaf_hash(entry); });
}

std::size_t LedgerFeed::catch_up() {
  std::size_t n = 0;
  // Each source in batches, so a long backlog never holds one huge transaction.
  for (;;) {
    const std::size_t step = feed_alerts() + feed_nodes() + feed_gaps_opened() + feed_gaps_closed();
    n += step;
    if (step == 0) return n;
  }
}

std::size_t LedgerFeed::feed_alerts() {
  const auto rows = ledger_.source_rows(
      "SELECT id, key, change, from_state, state, at, alert, recorded_at FROM alert_transitions"
      " WHERE id > ?1 ORDER BY id LIMIT " +
          std::to_string(kBatch),
      ledger_.last_source_id("alert_transitions"));
  std::size_t n = 0;
  for (const auto& r : rows) {
    auto [alert, key] = pseudonymous_transition(r.text[0].value_or(""), r.text[5].value_or("{}"),
                                                options_.pseudonymise_alert);
    const std::string change = r.text[1].value_or("state");
    const json data{{"key", key},
                    {"change", change},
                    {"from", opt(r.text[2])},
                    {"state", opt(r.text[3])},
                    {"alert", alert},
                    {"recorded_at", opt_int(r.text[6])}};
    n += append("alert_transitions", r.id, "alert." + change, num(r.text[4]), data);
  }
  return n;
}

std::size_t LedgerFeed::feed_nodes() {
  const auto rows = ledger_.source_rows(
      "SELECT id, node, what, epoch, kind, fw, state, ts, received_at FROM node_history"
      " WHERE id > ?1 ORDER BY id LIMIT " +
          std::to_string(kBatch),
      ledger_.last_source_id("node_history"));
  std::size_t n = 0;
  for (const auto& r : rows) {
    const std::string what = r.text[1].value_or("state");
    const json data{{"node", opt(r.text[0])},      {"epoch", opt(r.text[2])},
                    {"node_kind", opt(r.text[3])}, {"fw", opt(r.text[4])},
                    {"state", opt(r.text[5])},     {"received_at", opt_int(r.text[7])}};
    n += append("node_history", r.id, "node." + what, num(r.text[6]), data);
  }
  return n;
}

std::size_t LedgerFeed::feed_gaps_opened() {
  const auto rows = ledger_.source_rows(
      "SELECT id, node, epoch, from_seq, to_seq, from_ts, to_ts, detected_at FROM gaps"
      " WHERE id > ?1 ORDER BY id LIMIT " +
          std::to_string(kBatch),
      ledger_.last_source_id("gaps.opened"));
  std::size_t n = 0;
  for (const auto& r : rows) {
    const json data{{"gap", r.id},
                    {"node", opt(r.text[0])},
                    {"epoch", opt(r.text[1])},
                    {"from_seq", opt_int(r.text[2])},
                    {"to_seq", opt_int(r.text[3])},
                    {"from_ts", opt_int(r.text[4])},
                    {"to_ts", opt_int(r.text[5])},
                    {"detected_at", opt_int(r.text[6])}};
    // Filed at the gap's own event time (its start), so the day it happened lists it.
    const auto at = r.text[4] ? num(r.text[4]) : num(r.text[5]);
    n += append("gaps.opened", r.id, "gap.opened", at, data);
  }
  return n;
}

std::size_t LedgerFeed::feed_gaps_closed() {
  // Gaps close in any order: look for every closed one the ledger lacks. No
  // cursor can say that, and retention deletes old entries, so retention keeps
  // a horizon: every gap up to it was closed and ledgered (retention deletes
  // only entries at or below it), and only the gaps above it are looked at.
  const auto rows = ledger_.source_rows(
      "SELECT id, node, epoch, from_seq, to_seq, status, closed_at, from_ts, to_ts FROM gaps"
      " WHERE status != 'open' AND id > ?1 AND id NOT IN"
      " (SELECT src_id FROM ledger_entries WHERE src = 'gaps.closed' AND src_id > ?1)"
      " ORDER BY closed_at, id LIMIT " +
          std::to_string(kBatch),
      ledger_.source_horizon("gaps.closed"));
  std::size_t n = 0;
  for (const auto& r : rows) {
    const json data{{"gap", r.id},
                    {"node", opt(r.text[0])},
                    {"epoch", opt(r.text[1])},
                    {"from_seq", opt_int(r.text[2])},
                    {"to_seq", opt_int(r.text[3])},
                    {"status", opt(r.text[4])},
                    {"from_ts", opt_int(r.text[6])},
                    {"to_ts", opt_int(r.text[7])},
                    {"closed_at", opt_int(r.text[5])}};
    // Filed at the gap's end in event time (the first event after it), like its opening.
    n += append("gaps.closed", r.id, "gap." + r.text[4].value_or("closed"), num(r.text[7]), data);
  }
  return n;
}

bool LedgerFeed::record_load(const std::string& kind, TimestampMs at, const json& body) {
  const std::string digest = to_hex(sha256(canonical_json(integers_only(body))));
  // The last load of this kind: recorded again only when its content changed.
  const auto last =
      ledger_.source_rows("SELECT idx, entry FROM ledger_entries WHERE src = '" + kind +
                              "' AND idx >= ?1"
                              " ORDER BY idx DESC LIMIT 1",
                          0);
  if (!last.empty()) {
    const auto entry = json::parse(last.front().text[0].value_or("{}"), nullptr, false);
    if (entry.is_object() && entry["data"].value("sha256", "") == digest) return false;
  }
  json data = body;
  data["sha256"] = digest;
  return append(kind, at, kind, at, data);
}

}  // namespace vigie::evidence
