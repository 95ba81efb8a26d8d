#include "store/period_queries.hpp"

namespace vigie::store {

std::vector<ZoneNoise> noise_by_zone(Database& db, TimestampMs from, TimestampMs to) {
  return read_rows(
      db,
      "SELECT zone, count(*), avg(laeq_db), max(laeq_db) FROM events WHERE type = 'env.sample'"
      " AND zone IS NOT NULL AND laeq_db IS NOT NULL AND ts >= ?1 AND ts < ?2"
      " GROUP BY zone ORDER BY zone",
      [](const Statement& n) {
        return ZoneNoise{n.text(0), n.int64(1), n.real(2), n.real(3)};
      },
      from, to);
}

AlertReviews alert_reviews(Database& db, TimestampMs from, TimestampMs to) {
  auto t = db.prepare(
      "SELECT change, count(*) FROM alert_transitions WHERE change IN ('ack', 'justify')"
      " AND at >= ?1 AND at < ?2 GROUP BY change");
  t.bind(1, from).bind(2, to);
  AlertReviews r;
  while (t.step()) (t.text(0) == "ack" ? r.acks : r.justifications) = t.int64(1);
  return r;
}

std::map<std::string, std::int64_t> gaps_by_status(Database& db, TimestampMs from, TimestampMs to) {
  auto g = db.prepare(
      "SELECT status, count(*) FROM gaps WHERE to_ts >= ?1 AND coalesce(from_ts, to_ts) < ?2"
      " GROUP BY status");
  g.bind(1, from).bind(2, to);
  std::map<std::string, std::int64_t> out;
  while (g.step()) out[g.text(0)] = g.int64(1);
  return out;
}

}  // namespace vigie::store
