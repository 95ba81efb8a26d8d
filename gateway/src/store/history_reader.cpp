#include "store/history_reader.hpp"

#include <nlohmann/json.hpp>

namespace vigie::store {
namespace {

using nlohmann::json;

// One query merges the sources by commit time; within one commit a node
// change comes first, then consumed seqs, events, lost holes and watermarks.
// Event rows: seq in column 5, ts in 6, the body from 7 on (body_of()).
constexpr const char* kHistory = R"sql(
SELECT 0 AS part, received_at AS t, id, node, epoch, NULL, ts, what, kind, fw, state,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM node_history
UNION ALL
SELECT 1, received_at, id, node, epoch, seq, NULL, refusal, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM quarantine WHERE seq IS NOT NULL AND node IS NOT NULL AND epoch IS NOT NULL
   AND received_at >= ?1
UNION ALL
SELECT 2, received_at, id, node, epoch, seq, ts, type, agent, team, state,
       reason, call, queue, tags, shift, start_ts, end_ts, published_ts, breaks, zone,
       window_s, laeq_db, l50_db, lpeak_db, coalesce(temp_c, '') || '|' || coalesce(co2_ppm, '')
  FROM events WHERE received_at >= ?1
UNION ALL
SELECT 3, closed_at, id, node, epoch, from_seq, from_ts, NULL, NULL, NULL, NULL,
       to_seq, to_ts, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM gaps WHERE status = 'lost'
UNION ALL
SELECT 4, until_at, 0, node, epoch, until_seq, until_ts, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM sequences WHERE until_at IS NOT NULL
ORDER BY 2, 1, 3
)sql";

// The events of one sequence in a seq range, in the columns body_of() reads.
constexpr const char* kEventRange = R"sql(
SELECT 2, received_at, id, node, epoch, seq, ts, type, agent, team, state,
       reason, call, queue, tags, shift, start_ts, end_ts, published_ts, breaks, zone,
       window_s, laeq_db, l50_db, lpeak_db, coalesce(temp_c, '') || '|' || coalesce(co2_ppm, '')
  FROM events WHERE node = ?1 AND epoch = ?2 AND seq BETWEEN ?3 AND ?4 ORDER BY seq
)sql";

std::optional<double> real_or_null(const Statement& s, int col) {
  if (s.is_null(col)) return std::nullopt;
  return s.real(col);
}

std::optional<double> part_of(const std::string& pair, bool first) {
  const auto bar = pair.find('|');
  if (bar == std::string::npos) return std::nullopt;
  const auto text = first ? pair.substr(0, bar) : pair.substr(bar + 1);
  if (text.empty()) return std::nullopt;
  return std::stod(text);
}

EventBody body_of(const Statement& s) {
  const auto type = s.text(7);
  if (type == "agent.state") {
    AgentStateChange a;
    a.agent = s.text(8);
    a.team = s.text(9);
    a.state = parse_agent_state(s.text(10)).value_or(AgentState::logged_out);
    if (!s.is_null(11)) a.reason = parse_not_ready_reason(s.text(11));
    if (!s.is_null(12)) a.call = s.text(12);
    if (!s.is_null(13)) a.queue = s.text(13);
    return a;
  }
  if (type == "call.tag") {
    CallTagged c;
    c.agent = s.text(8);
    c.call = s.text(12);
    for (const auto& t : json::parse(s.text(14)))
      if (auto tag = parse_call_tag(t.get<std::string>())) c.tags.push_back(*tag);
    return c;
  }
  if (type == "schedule.shift") {
    ShiftScheduled sh;
    sh.agent = s.text(8);
    sh.team = s.text(9);
    sh.shift = s.text(15);
    sh.start = s.int64(16);
    sh.end = s.int64(17);
    sh.published = s.int64(18);
    for (const auto& b : json::parse(s.text(19)))
      sh.breaks.push_back({b["start"].get<TimestampMs>(), b["end"].get<TimestampMs>(),
                           b["kind"].get<std::string>()});
    return sh;
  }
  EnvSample e;
  e.zone = s.text(20);
  e.window_s = s.real(21);
  e.laeq_db = real_or_null(s, 22);
  e.l50_db = real_or_null(s, 23);
  e.lpeak_db = real_or_null(s, 24);
  if (!s.is_null(25) && type == "env.sample") {
    const auto pair = s.text(25);
    e.temp_c = part_of(pair, true);
    e.co2_ppm = part_of(pair, false);
  }
  return e;
}

Event event_of(const Statement& s) {
  Event e;
  e.seq = static_cast<std::uint64_t>(s.int64(5));
  e.ts = s.int64(6);
  e.body = body_of(s);
  return e;
}

}  // namespace

void read_history(Database& db, TimestampMs since, HistoryVisitor& v) {
  auto s = db.prepare(kHistory);
  s.bind(1, since);
  while (s.step()) {
    const int part = static_cast<int>(s.int64(0));
    const TimestampMs at = s.int64(1);
    const NodeEpoch source{s.text(3), s.is_null(4) ? std::string() : s.text(4)};
    switch (part) {
      case 0:
        if (s.text(7) == "birth") {
          NodeBirth b{source.node, source.epoch,
                      parse_node_kind(s.text(8)).value_or(NodeKind::acd_bridge), s.text(9),
                      s.int64(6)};
          v.birth(b, at);
        } else {
          v.node_state(source.node,
                       {parse_node_status(s.text(10)).value_or(NodeStatus::offline), source.epoch,
                        s.int64(6)},
                       at);
        }
        break;
      case 1: {
        std::optional<std::string> refusal;
        if (!s.is_null(7)) refusal = s.text(7);
        v.consumed(source, static_cast<std::uint64_t>(s.int64(5)), refusal, at);
        break;
      }
      case 2:
        v.event(source, event_of(s), at);
        break;
      case 3: {
        std::optional<TimestampMs> from_ts;
        if (!s.is_null(6)) from_ts = s.int64(6);
        v.gap_lost(source, static_cast<std::uint64_t>(s.int64(5)),
                   static_cast<std::uint64_t>(s.int64(11)), from_ts, s.int64(12), at);
        break;
      }
      default:
        v.watermark(source, s.int64(6), static_cast<std::uint64_t>(s.int64(5)), at);
    }
  }
}

std::vector<Event> read_events(Database& db, const NodeEpoch& source, std::uint64_t first,
                               std::uint64_t last) {
  auto s = db.prepare(kEventRange);
  s.bind(1, source.node).bind(2, source.epoch);
  s.bind(3, static_cast<std::int64_t>(first)).bind(4, static_cast<std::int64_t>(last));
  std::vector<Event> out;
  while (s.step()) out.push_back(event_of(s));
  return out;
}

}  // namespace vigie::store
