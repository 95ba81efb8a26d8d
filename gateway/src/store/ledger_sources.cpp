#include "store/ledger_sources.hpp"

namespace vigie::store {
namespace {

TransitionSource transition_of(const Statement& s) {
  TransitionSource t;
  t.id = s.int64(0);
  t.key = s.optional_text(1);
  t.change = s.optional_text(2);
  t.from_state = s.optional_text(3);
  t.state = s.optional_text(4);
  t.at = s.optional_int64(5);
  t.alert = s.optional_text(6);
  t.recorded_at = s.optional_int64(7);
  return t;
}

NodeChangeSource node_change_of(const Statement& s) {
  NodeChangeSource n;
  n.id = s.int64(0);
  n.node = s.optional_text(1);
  n.what = s.optional_text(2);
  n.epoch = s.optional_text(3);
  n.kind = s.optional_text(4);
  n.fw = s.optional_text(5);
  n.state = s.optional_text(6);
  n.ts = s.optional_int64(7);
  n.received_at = s.optional_int64(8);
  return n;
}

GapSource gap_of(const Statement& s) {
  // id, node, epoch, from_seq, to_seq, from_ts, to_ts, detected_at, status, closed_at
  GapSource g;
  g.id = s.int64(0);
  g.node = s.optional_text(1);
  g.epoch = s.optional_text(2);
  g.from_seq = s.optional_int64(3);
  g.to_seq = s.optional_int64(4);
  g.from_ts = s.optional_int64(5);
  g.to_ts = s.optional_int64(6);
  g.detected_at = s.optional_int64(7);
  g.status = s.optional_text(8);
  g.closed_at = s.optional_int64(9);
  return g;
}

constexpr const char* kGapColumns =
    "SELECT id, node, epoch, from_seq, to_seq, from_ts, to_ts, detected_at, status, closed_at"
    " FROM gaps";

}  // namespace

std::vector<TransitionSource> LedgerSources::transitions_after(std::int64_t after,
                                                               std::int64_t limit) {
  return read_rows(
      db_,
      "SELECT id, key, change, from_state, state, at, alert, recorded_at FROM alert_transitions"
      " WHERE id > ?1 ORDER BY id LIMIT ?2",
      transition_of, after, limit);
}

std::vector<NodeChangeSource> LedgerSources::node_changes_after(std::int64_t after,
                                                                std::int64_t limit) {
  return read_rows(
      db_,
      "SELECT id, node, what, epoch, kind, fw, state, ts, received_at FROM node_history"
      " WHERE id > ?1 ORDER BY id LIMIT ?2",
      node_change_of, after, limit);
}

std::vector<GapSource> LedgerSources::gaps_after(std::int64_t after, std::int64_t limit) {
  return read_rows(db_, std::string(kGapColumns) + " WHERE id > ?1 ORDER BY id LIMIT ?2", gap_of,
                   after, limit);
}

std::vector<GapSource> LedgerSources::closed_gaps_unledgered(std::int64_t horizon,
                                                             std::int64_t limit) {
  return read_rows(db_,
                   std::string(kGapColumns) +
                       " WHERE status != 'open' AND id > ?1 AND id NOT IN"
                       " (SELECT src_id FROM ledger_entries WHERE src = 'gaps.closed'"
                       " AND src_id > ?1) ORDER BY closed_at, id LIMIT ?2",
                   gap_of, horizon, limit);
}

std::optional<std::string> LedgerSources::newest_entry_of(const std::string& src) {
  auto s = db_.prepare("SELECT entry FROM ledger_entries WHERE src = ?1 ORDER BY idx DESC LIMIT 1");
  s.bind(1, src);
  if (!s.step()) return std::nullopt;
  return s.optional_text(0);
}

}  // namespace vigie::store
