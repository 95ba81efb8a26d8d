#include "store/ingest_repository.hpp"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace vigie::store {
namespace {

using nlohmann::json;

// Column order of insert_event_: see the statement in the constructor.
enum Col {
  kNode = 1,
  kEpoch,
  kSeq,
  kTs,
  kType,
  kAgent,
  kTeam,
  kState,
  kReason,
  kCall,
  kQueue,
  kTags,
  kShift,
  kStart,
  kEnd,
  kPublished,
  kBreaks,
  kZone,
  kWindow,
  kLaeq,
  kL50,
  kLpeak,
  kTemp,
  kCo2,
  kReceived
};

struct BindBody {
  Statement& s;
  void operator()(const AgentStateChange& a) const {
    s.bind(kAgent, a.agent).bind(kTeam, a.team).bind(kState, std::string_view(to_string(a.state)));
    if (a.reason) s.bind(kReason, std::string_view(to_string(*a.reason)));
    s.bind(kCall, a.call).bind(kQueue, a.queue);
  }
  void operator()(const CallTagged& c) const {
    json tags = json::array();
    for (auto t : c.tags) tags.push_back(to_string(t));
    s.bind(kAgent, c.agent).bind(kCall, c.call).bind(kTags, std::string_view(tags.dump()));
  }
  void operator()(const ShiftScheduled& sh) const {
    json breaks = json::array();
    for (const auto& b : sh.breaks)
      breaks.push_back({{"start", b.start}, {"end", b.end}, {"kind", b.kind}});
    s.bind(kAgent, sh.agent).bind(kTeam, sh.team).bind(kShift, sh.shift);
    s.bind(kStart, sh.start).bind(kEnd, sh.end).bind(kPublished, sh.published);
    s.bind(kBreaks, std::string_view(breaks.dump()));
  }
  void operator()(const EnvSample& e) const {
    s.bind(kZone, e.zone).bind(kWindow, e.window_s);
    s.bind(kLaeq, e.laeq_db).bind(kL50, e.l50_db).bind(kLpeak, e.lpeak_db);
    s.bind(kTemp, e.temp_c).bind(kCo2, e.co2_ppm);
  }
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char c : digest) {
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  return out;
}

IngestRepository::IngestRepository(Database& db)
    : db_(db),
      insert_event_(db.prepare(
          "INSERT OR IGNORE INTO events (node, epoch, seq, ts, type, agent, team, state, reason,"
          " call, queue, tags, shift, start_ts, end_ts, published_ts, breaks, zone, window_s,"
          " laeq_db, l50_db, lpeak_db, temp_c, co2_ppm, received_at) VALUES"
          " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")),
      insert_quarantine_(db.prepare(
          "INSERT OR IGNORE INTO quarantine (received_at, topic, node, epoch, seq, reason, raw,"
          " raw_size, raw_sha256, refusal) VALUES (?,?,?,?,?,?,?,?,?,?)")),
      open_gap_(
          db.prepare("INSERT INTO gaps (node, epoch, from_seq, to_seq, from_ts, to_ts, detected_at)"
                     " VALUES (?,?,?,?,?,?,?)")),
      mark_resync_(db.prepare("UPDATE gaps SET resync_sent_at = ? WHERE id = ?")),
      close_gap_(db.prepare("UPDATE gaps SET status = ?, closed_at = ? WHERE id = ?")),
      save_sequence_(
          db.prepare("INSERT INTO sequences (node, epoch, contiguous, max_seen, max_seen_ts) "
                     "VALUES (?,?,?,?,?)"
                     " ON CONFLICT (node, epoch) DO UPDATE SET contiguous = excluded.contiguous,"
                     " max_seen = excluded.max_seen, max_seen_ts = excluded.max_seen_ts")),
      save_batch_(db.prepare(
          "INSERT INTO sequences (node, epoch, contiguous, max_seen, max_seen_ts, events_received,"
          " events_stored, duplicates, quarantined, gaps, last_event_ts, last_stored_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, CASE WHEN ?11 IS NULL THEN NULL"
          " ELSE ?12 END) ON CONFLICT (node, epoch) DO UPDATE SET contiguous = excluded.contiguous,"
          " max_seen = excluded.max_seen, max_seen_ts = excluded.max_seen_ts,"
          " events_received = events_received + excluded.events_received,"
          " events_stored = events_stored + excluded.events_stored,"
          " duplicates = duplicates + excluded.duplicates,"
          " quarantined = quarantined + excluded.quarantined, gaps = gaps + excluded.gaps,"
          " last_event_ts = CASE WHEN ?11 IS NULL THEN last_event_ts"
          " ELSE max(coalesce(last_event_ts, ?11), ?11) END,"
          " last_stored_at = CASE WHEN ?11 IS NULL THEN last_stored_at ELSE ?12 END")),
      save_watermark_(db.prepare(
          "INSERT INTO sequences (node, epoch, contiguous, max_seen, until_ts, until_seq, until_at)"
          " VALUES (?1, ?2, 0, 0, ?3, ?4, ?5) ON CONFLICT (node, epoch) DO UPDATE SET"
          " until_ts = excluded.until_ts, until_seq = excluded.until_seq,"
          " until_at = excluded.until_at")),
      add_counters_(db.prepare(
          "UPDATE counters_base SET value = value + CASE name WHEN 'events_received' THEN ?1"
          " WHEN 'events_stored' THEN ?2 WHEN 'duplicates' THEN ?3 WHEN 'quarantined' THEN ?4"
          " WHEN 'gaps' THEN ?5 ELSE 0 END")),
      ensure_node_(db.prepare(
          "INSERT OR IGNORE INTO nodes (node, first_seen_at, updated_at) VALUES (?, ?, ?)")),
      find_quarantined_(
          db.prepare("SELECT 1 FROM quarantine WHERE node = ? AND epoch = ? AND seq = ?")) {}

std::vector<SequenceRow> IngestRepository::load_sequences() {
  std::vector<SequenceRow> rows;
  auto s = db_.prepare(
      "SELECT node, epoch, contiguous, max_seen, max_seen_ts, until_ts, until_seq, until_at"
      " FROM sequences");
  while (s.step()) {
    SequenceRow r;
    r.node = s.text(0);
    r.epoch = s.text(1);
    r.contiguous = static_cast<std::uint64_t>(s.int64(2));
    r.max_seen = static_cast<std::uint64_t>(s.int64(3));
    r.max_seen_ts = s.optional_int64(4);
    if (!s.is_null(5))
      r.watermark = WatermarkRow{s.int64(5), static_cast<std::uint64_t>(s.int64(6)), s.int64(7)};
    rows.push_back(std::move(r));
  }
  auto held = db_.prepare(
      "SELECT seq FROM events WHERE node = ?1 AND epoch = ?2 AND seq > ?3 UNION"
      " SELECT seq FROM quarantine WHERE node = ?1 AND epoch = ?2 AND seq > ?3");
  auto gaps = db_.prepare(
      "SELECT id, from_seq, to_seq, from_ts, to_ts, detected_at, resync_sent_at, status FROM gaps"
      " WHERE node = ?1 AND epoch = ?2 AND (status = 'open' OR (status = 'lost' AND to_seq > ?3))"
      " ORDER BY from_seq");
  for (auto& r : rows) {
    held.bind(1, r.node).bind(2, r.epoch).bind(3, static_cast<std::int64_t>(r.contiguous));
    while (held.step()) r.held_above.push_back(static_cast<std::uint64_t>(held.int64(0)));
    held.reset();
    gaps.bind(1, r.node).bind(2, r.epoch).bind(3, static_cast<std::int64_t>(r.contiguous));
    while (gaps.step()) {
      GapRow g;
      g.id = gaps.int64(0);
      g.node = r.node;
      g.epoch = r.epoch;
      g.from_seq = static_cast<std::uint64_t>(gaps.int64(1));
      g.to_seq = static_cast<std::uint64_t>(gaps.int64(2));
      g.from_ts = gaps.optional_int64(3);
      g.to_ts = gaps.optional_int64(4);
      g.detected_at = gaps.int64(5);
      g.resync_sent_at = gaps.optional_int64(6);
      g.status = gaps.text(7);
      r.gaps.push_back(std::move(g));
    }
    gaps.reset();
  }
  return rows;
}

Counters IngestRepository::load_counters() {
  Counters c;
  auto s = db_.prepare("SELECT name, value FROM counters");
  while (s.step()) {
    const auto name = s.text(0);
    const auto v = s.int64(1);
    if (name == "events_received")
      c.events_received = v;
    else if (name == "events_stored")
      c.events_stored = v;
    else if (name == "duplicates")
      c.duplicates = v;
    else if (name == "quarantined")
      c.quarantined = v;
    else if (name == "gaps")
      c.gaps = v;
  }
  return c;
}

std::vector<NodeRow> IngestRepository::load_nodes() {
  std::vector<NodeRow> out;
  auto s = db_.prepare("SELECT node, kind, fw, epoch, state, state_ts, last_event_ts FROM nodes");
  while (s.step())
    out.push_back({s.text(0), s.optional_text(1), s.optional_text(2), s.optional_text(3),
                   s.optional_text(4), s.optional_int64(5), s.optional_int64(6)});
  return out;
}

std::vector<std::pair<std::string, std::string>> IngestRepository::load_agents() {
  std::vector<std::pair<std::string, std::string>> out;
  // SQLite takes the bare column from the row min() chose: the first node.
  auto s =
      db_.prepare("SELECT agent, node, min(id) FROM events WHERE agent IS NOT NULL GROUP BY agent");
  while (s.step()) out.emplace_back(s.text(0), s.text(1));
  return out;
}

bool IngestRepository::insert_event(const std::string& node, const std::string& epoch,
                                    const Event& e, TimestampMs received_at) {
  auto& s = insert_event_;
  s.bind(kNode, node).bind(kEpoch, epoch).bind(kSeq, static_cast<std::int64_t>(e.seq));
  s.bind(kTs, e.ts).bind(kType, std::string_view(type_name(e.body)));
  std::visit(BindBody{s}, e.body);
  s.bind(kReceived, received_at);
  return s.run() == 1;
}

bool IngestRepository::quarantine(const QuarantineRecord& r) {
  auto& s = insert_quarantine_;
  const std::string_view kept(r.raw.data(), std::min(r.raw.size(), kQuarantineRawBytes));
  s.bind(1, r.received_at).bind(2, r.topic).bind(3, r.node).bind(4, r.epoch);
  if (r.seq) s.bind(5, static_cast<std::int64_t>(*r.seq));
  s.bind(6, r.reason).bind_blob(7, kept).bind(8, static_cast<std::int64_t>(r.raw.size()));
  s.bind(9, std::string_view(sha256_hex(r.raw)));
  s.bind(10, r.refusal);
  return s.run() == 1;
}

bool IngestRepository::quarantined(const std::string& node, const std::string& epoch,
                                   std::uint64_t seq) {
  auto& s = find_quarantined_;
  s.bind(1, node).bind(2, epoch).bind(3, static_cast<std::int64_t>(seq));
  const bool found = s.step();
  s.reset();
  return found;
}

std::int64_t IngestRepository::open_gap(const GapRow& g) {
  auto& s = open_gap_;
  s.bind(1, g.node).bind(2, g.epoch).bind(3, static_cast<std::int64_t>(g.from_seq));
  s.bind(4, static_cast<std::int64_t>(g.to_seq)).bind(5, g.from_ts).bind(6, g.to_ts);
  s.bind(7, g.detected_at);
  s.run();
  return sqlite3_last_insert_rowid(db_.handle());
}

void IngestRepository::mark_resync(std::int64_t gap_id, TimestampMs at) {
  mark_resync_.bind(1, at).bind(2, gap_id).run();
}

void IngestRepository::close_gap(std::int64_t gap_id, const std::string& status, TimestampMs at) {
  close_gap_.bind(1, status).bind(2, at).bind(3, gap_id).run();
}

void IngestRepository::save_sequence(const std::string& node, const std::string& epoch,
                                     std::uint64_t contiguous, std::uint64_t max_seen,
                                     std::optional<TimestampMs> max_seen_ts) {
  save_sequence_.bind(1, node).bind(2, epoch).bind(3, static_cast<std::int64_t>(contiguous));
  save_sequence_.bind(4, static_cast<std::int64_t>(max_seen)).bind(5, max_seen_ts).run();
}

void IngestRepository::save_watermark(const std::string& node, const std::string& epoch,
                                      const WatermarkRow& w) {
  save_watermark_.bind(1, node).bind(2, epoch).bind(3, w.until);
  save_watermark_.bind(4, static_cast<std::int64_t>(w.seq)).bind(5, w.received_at).run();
}

void IngestRepository::save_batch(const std::string& node, const std::string& epoch,
                                  std::uint64_t contiguous, std::uint64_t max_seen,
                                  std::optional<TimestampMs> max_seen_ts, const Counters& d,
                                  std::optional<TimestampMs> last_event_ts, TimestampMs stored_at) {
  auto& s = save_batch_;
  s.bind(1, node).bind(2, epoch).bind(3, static_cast<std::int64_t>(contiguous));
  s.bind(4, static_cast<std::int64_t>(max_seen)).bind(5, max_seen_ts);
  s.bind(6, d.events_received).bind(7, d.events_stored).bind(8, d.duplicates);
  s.bind(9, d.quarantined).bind(10, d.gaps).bind(11, last_event_ts).bind(12, stored_at).run();
}

void IngestRepository::add_counters(const Counters& d) {
  if (d.events_received == 0 && d.events_stored == 0 && d.duplicates == 0 && d.quarantined == 0 &&
      d.gaps == 0)
    return;  // nothing to write: no page dirtied
  add_counters_.bind(1, d.events_received).bind(2, d.events_stored).bind(3, d.duplicates);
  add_counters_.bind(4, d.quarantined).bind(5, d.gaps).run();
}

void IngestRepository::ensure_node(const std::string& node, TimestampMs now) {
  ensure_node_.bind(1, node).bind(2, now).bind(3, now).run();
}

bool IngestRepository::apply_birth(const NodeBirth& b, TimestampMs received_at) {
  ensure_node(b.node, received_at);
  auto cur = db_.prepare("SELECT epoch, kind, fw, birth_ts FROM nodes WHERE node = ?");
  cur.bind(1, b.node);
  cur.step();
  if (cur.optional_text(0) == b.epoch && cur.optional_text(1) == std::string(to_string(b.kind)) &&
      cur.optional_text(2) == b.fw && cur.optional_int64(3) == b.ts)
    return false;  // a retained birth seen again
  if (auto prev = cur.optional_int64(3); prev && *prev > b.ts) return false;  // an older birth
  auto up = db_.prepare(
      "UPDATE nodes SET epoch = ?, kind = ?, fw = ?, birth_ts = ?, updated_at = ? WHERE node = ?");
  up.bind(1, b.epoch).bind(2, std::string_view(to_string(b.kind))).bind(3, b.fw).bind(4, b.ts);
  up.bind(5, received_at).bind(6, b.node).run();
  auto log = db_.prepare(
      "INSERT INTO node_history (node, what, epoch, kind, fw, ts, received_at)"
      " VALUES (?, 'birth', ?, ?, ?, ?, ?)");
  log.bind(1, b.node).bind(2, b.epoch).bind(3, std::string_view(to_string(b.kind))).bind(4, b.fw);
  log.bind(5, b.ts).bind(6, received_at).run();
  return true;
}

bool IngestRepository::apply_state(const std::string& node, const NodeStateReport& r,
                                   TimestampMs received_at) {
  ensure_node(node, received_at);
  auto cur = db_.prepare("SELECT state, state_ts, epoch FROM nodes WHERE node = ?");
  cur.bind(1, node);
  cur.step();
  const auto state = cur.optional_text(0);
  const auto ts = cur.optional_int64(1);
  const auto epoch = cur.optional_text(2);
  // A node's Will is written, time included, before it connects: the `lost` the broker
  // publishes for this epoch's session is always dated before the `online` it ends. It
  // ends that session all the same; it is kept at the online's time, so that a retained
  // copy seen again is known as such.
  const bool ends_this_session = r.state == NodeStatus::lost && state &&
                                 *state == to_string(NodeStatus::online) && epoch &&
                                 !r.epoch.empty() && *epoch == r.epoch;
  if (!ends_this_session && ts &&
      (*ts > r.ts || (*ts == r.ts && state == std::string(to_string(r.state)))))
    return false;  // retained copy seen again, or older than what we hold
  const TimestampMs state_ts = ends_this_session && ts ? std::max(*ts, r.ts) : r.ts;
  auto up = db_.prepare("UPDATE nodes SET state = ?, state_ts = ?, updated_at = ? WHERE node = ?");
  up.bind(1, std::string_view(to_string(r.state))).bind(2, state_ts).bind(3, received_at);
  up.bind(4, node).run();
  auto log = db_.prepare(
      "INSERT INTO node_history (node, what, epoch, state, ts, received_at)"
      " VALUES (?, 'state', ?, ?, ?, ?)");
  log.bind(1, node).bind(2, r.epoch).bind(3, std::string_view(to_string(r.state)));
  log.bind(4, r.ts).bind(5, received_at).run();
  return true;
}

}  // namespace vigie::store
