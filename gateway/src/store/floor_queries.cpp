#include "store/floor_queries.hpp"

namespace vigie::store {
namespace {

std::int64_t count(Database& db, const char* sql, TimestampMs from, TimestampMs to) {
  auto s = db.prepare(sql);
  s.bind(1, from).bind(2, to);
  return s.step() ? s.int64(0) : 0;
}

}  // namespace

SubjectCounts subjects_with_data(Database& db, TimestampMs from, TimestampMs to) {
  return {
      count(db,
            "SELECT count(DISTINCT agent) FROM events WHERE agent IS NOT NULL AND ts >= ?1"
            " AND ts < ?2",
            from, to),
      count(db,
            "SELECT count(DISTINCT team) FROM events WHERE team IS NOT NULL AND ts >= ?1"
            " AND ts < ?2",
            from, to),
      count(db,
            "SELECT count(DISTINCT zone) FROM events WHERE zone IS NOT NULL AND ts >= ?1"
            " AND ts < ?2",
            from, to),
      count(db, "SELECT count(DISTINCT node) FROM events WHERE ts >= ?1 AND ts < ?2", from, to)};
}

std::vector<FiredAlert> alerts_fired(Database& db, TimestampMs from, TimestampMs to) {
  return read_rows(
      db,
      "SELECT criterion, json_extract(alert, '$.fired_at'),"
      " json_extract(alert, '$.justified') IS NOT NULL FROM alerts"
      " WHERE json_extract(alert, '$.fired_at') >= ?1 AND json_extract(alert, '$.fired_at') < "
      "?2",
      [](const Statement& s) {
        return FiredAlert{s.text(0), s.int64(1), s.int64(2) != 0};
      },
      from, to);
}

BreachCount breaches_of(Database& db, const std::string& criterion, TimestampMs from,
                        TimestampMs to) {
  auto breaches = db.prepare(
      "SELECT count(*), count(json_extract(alert, '$.justified')) FROM alerts"
      " WHERE criterion = ?3 AND json_extract(alert, '$.fired_at') >= ?1"
      " AND json_extract(alert, '$.fired_at') < ?2");
  breaches.bind(1, from).bind(2, to).bind(3, criterion);
  if (!breaches.step()) return {};
  return {breaches.int64(0), breaches.int64(1)};
}

std::vector<NodeOverview> node_overviews(Database& db) {
  auto s = db.prepare(
      // Since schema 8 each sequence keeps when its node last had events (issue 15).
      "SELECT n.node, n.kind, n.state, n.epoch,"
      " (SELECT max(t) FROM (SELECT n.last_event_ts AS t UNION ALL"
      "   SELECT q.last_event_ts FROM sequences q WHERE q.node = n.node)),"
      " max(n.updated_at, coalesce((SELECT max(q.last_stored_at) FROM sequences q"
      "   WHERE q.node = n.node), n.updated_at)),"
      " (SELECT count(*) FROM gaps g WHERE g.node = n.node AND g.status = 'open'),"
      " (SELECT count(*) FROM gaps g WHERE g.node = n.node) FROM nodes n ORDER BY n.node");
  auto gaps = db.prepare(
      "SELECT from_seq, to_seq, status FROM gaps WHERE node = ? ORDER BY id DESC LIMIT 5");
  std::vector<NodeOverview> out;
  while (s.step()) {
    NodeOverview n{s.text(0),          s.optional_text(1),  s.optional_text(2),
                   s.optional_text(3), s.optional_int64(4), s.int64(5),
                   s.int64(6),         s.int64(7),          {}};
    gaps.bind(1, n.node);
    while (gaps.step()) n.latest_gaps.push_back({gaps.int64(0), gaps.int64(1), gaps.text(2)});
    gaps.reset();
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace vigie::store
