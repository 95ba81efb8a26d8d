#include "evidence/ledger_feed.hpp"

#include <algorithm>

#include "evidence/canonical_json.hpp"
#include "evidence/hash.hpp"
#include "evidence/merkle.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// Rows read and appended in one transaction: a backlog of alert records (about 0.5 KiB
// each) is held a batch at a time (issue 15: peak RSS).
constexpr std::int64_t kBatch = 1000;
// Entries appended in one transaction: one commit (one fsync) for a run, not one an entry,
// and the store's write lock held a millisecond or two, not for a whole batch, since
// ingest's next commit waits for it (issue 15).
constexpr std::size_t kRun = 32;

// APPEND_ONE(row) for each of ROWS, kRun rows a transaction; how many it appended.
template <class Rows, class AppendOne>
std::size_t in_runs(store::LedgerRepository& ledger, const Rows& rows, AppendOne append_one) {
  std::size_t n = 0;
  for (std::size_t begin = 0; begin < rows.size(); begin += kRun) {
    const std::size_t end = std::min(rows.size(), begin + kRun);
    n += ledger.in_one_transaction([&] {
      std::size_t appended = 0;
      for (std::size_t i = begin; i < end; ++i) appended += append_one(rows[i]) ? 1 : 0;
      return appended;
    });
  }
  return n;
}

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
    : ledger_(db), sources_(db), options_(std::move(options)) {}

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
  const auto rows = sources_.transitions_after(ledger_.last_source_id("alert_transitions"), kBatch);
  return in_runs(ledger_, rows, [&](const auto& r) {
    auto [alert, key] = pseudonymous_transition(r.key.value_or(""), r.alert.value_or("{}"),
                                                options_.pseudonymise_alert);
    const std::string change = r.change.value_or("state");
    const json data{{"key", key},
                    {"change", change},
                    {"from", opt(r.from_state)},
                    {"state", opt(r.state)},
                    {"alert", alert},
                    {"recorded_at", opt(r.recorded_at)}};
    return append("alert_transitions", r.id, "alert." + change, r.at.value_or(0), data);
  });
}

std::size_t LedgerFeed::feed_nodes() {
  const auto rows = sources_.node_changes_after(ledger_.last_source_id("node_history"), kBatch);
  return in_runs(ledger_, rows, [&](const auto& r) {
    const std::string what = r.what.value_or("state");
    const json data{{"node", opt(r.node)},      {"epoch", opt(r.epoch)},
                    {"node_kind", opt(r.kind)}, {"fw", opt(r.fw)},
                    {"state", opt(r.state)},    {"received_at", opt(r.received_at)}};
    return append("node_history", r.id, "node." + what, r.ts.value_or(0), data);
  });
}

std::size_t LedgerFeed::feed_gaps_opened() {
  const auto rows = sources_.gaps_after(ledger_.last_source_id("gaps.opened"), kBatch);
  return in_runs(ledger_, rows, [&](const auto& r) {
    const json data{{"gap", r.id},
                    {"node", opt(r.node)},
                    {"epoch", opt(r.epoch)},
                    {"from_seq", opt(r.from_seq)},
                    {"to_seq", opt(r.to_seq)},
                    {"from_ts", opt(r.from_ts)},
                    {"to_ts", opt(r.to_ts)},
                    {"detected_at", opt(r.detected_at)}};
    // Filed at the gap's own event time (its start), so the day it happened lists it.
    const auto at = r.from_ts ? *r.from_ts : r.to_ts.value_or(0);
    return append("gaps.opened", r.id, "gap.opened", at, data);
  });
}

std::size_t LedgerFeed::feed_gaps_closed() {
  // Gaps close in any order: look for every closed one the ledger lacks. No
  // cursor can say that, and retention deletes old entries, so retention keeps
  // a horizon: every gap up to it was closed and ledgered (retention deletes
  // only entries at or below it), and only the gaps above it are looked at.
  const auto rows = sources_.closed_gaps_unledgered(ledger_.source_horizon("gaps.closed"), kBatch);
  return in_runs(ledger_, rows, [&](const auto& r) {
    const json data{{"gap", r.id},
                    {"node", opt(r.node)},
                    {"epoch", opt(r.epoch)},
                    {"from_seq", opt(r.from_seq)},
                    {"to_seq", opt(r.to_seq)},
                    {"status", opt(r.status)},
                    {"from_ts", opt(r.from_ts)},
                    {"to_ts", opt(r.to_ts)},
                    {"closed_at", opt(r.closed_at)}};
    // Filed at the gap's end in event time (the first event after it), like its opening.
    return append("gaps.closed", r.id, "gap." + r.status.value_or("closed"), r.to_ts.value_or(0),
                  data);
  });
}

bool LedgerFeed::record_load(const std::string& kind, TimestampMs at, const json& body) {
  const std::string digest = to_hex(sha256(canonical_json(integers_only(body))));
  // The last load of this kind: recorded again only when its content changed.
  if (const auto last = sources_.newest_entry_of(kind)) {
    const auto entry = json::parse(*last, nullptr, false);
    if (entry.is_object() && entry["data"].value("sha256", "") == digest) return false;
  }
  json data = body;
  data["sha256"] = digest;
  return append(kind, at, kind, at, data);
}

}  // namespace vigie::evidence
