#include "ingest/ingestor.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "broker/topics.hpp"
#include "domain/iso_time.hpp"
#include "store/history_reader.hpp"

namespace vigie::ingest {

using nlohmann::json;

namespace {

std::string minutes_text(std::int64_t ms) {
  return std::to_string((ms + 59'999) / 60'000) + " min";
}

// 9999-12-31T23:59:59.999Z: no later time is judged, whatever clock a replay runs on
// (civil-date arithmetic near the end of int64 overflows).
constexpr TimestampMs kLatestTime = 253402300799999;

// Why TS cannot be taken as a time now (NOW: the gateway's clock), if it cannot.
std::optional<std::string> untimely(TimestampMs ts, TimestampMs now, std::int64_t max_skew,
                                    const char* what) {
  if (ts > kLatestTime)
    return std::string(what) + " beyond the year 9999: not a time this gateway judges";
  if (ts > now + max_skew)
    return "from the future: " + std::string(what) + " " + iso_utc(ts) + " is " +
           minutes_text(ts - now) + " past the gateway's clock (max_skew " +
           minutes_text(max_skew) + ")";
  return std::nullopt;
}

// The agent an event names, if any.
const std::string* agent_named(const EventBody& body) {
  if (const auto* a = std::get_if<AgentStateChange>(&body)) return &a->agent;
  if (const auto* c = std::get_if<CallTagged>(&body)) return &c->agent;
  if (const auto* s = std::get_if<ShiftScheduled>(&body)) return &s->agent;
  return nullptr;
}

}  // namespace

std::optional<Refusal> Ingestor::admit(const std::string& agent, const std::string& node,
                                       TimestampMs now) {
  const auto& l = agents_.limits();
  switch (agents_.admit(agent, node, now)) {
    case Admission::admitted:
      return std::nullopt;
    case Admission::site_full:
      return Refusal{"too many agents: '" + agent + "' is new and the gateway already tracks " +
                         std::to_string(l.max_agents) + " agents (its limit)",
                     RefusalKind::too_many_agents};
    case Admission::node_full:
      return Refusal{"too many new agents from node '" + node + "': it introduced " +
                         std::to_string(l.per_node) + " already (limits.agents_per_node); '" +
                         agent + "' is refused",
                     RefusalKind::agent_quota};
    case Admission::node_too_fast:
      return Refusal{
          "too many new agents from node '" + node + "': " + std::to_string(l.per_node_per_minute) +
              " in the last minute (limits.new_agents_per_minute); '" + agent + "' is refused",
          RefusalKind::agent_quota};
  }
  return std::nullopt;
}

Ingestor::Ingestor(IngestOptions options, store::Database& db, broker::Outbox& outbox,
                   WallClock clock, IngestMetrics& metrics)
    : options_(std::move(options)),
      db_(db),
      repo_(db),
      outbox_(outbox),
      clock_(std::move(clock)),
      metrics_(metrics),
      agents_(RosterLimits{options_.max_agents, options_.agents_per_node,
                           options_.new_agents_per_minute}) {
  live_since_ = clock_();
  load();
}

void Ingestor::load() {
  sequences_.clear();
  latest_epoch_.clear();
  node_status_.clear();
  for (auto& [node, track] : tracks_) track.watermarked = false;
  metrics_.gaps_open = 0;
  for (auto& row : repo_.load_sequences()) {
    std::vector<OpenGap> open;
    for (const auto& g : row.gaps)
      if (g.status == "open")
        open.push_back({g.id, g.from_seq, g.to_seq, g.from_ts, g.to_ts.value_or(0), g.detected_at,
                        g.resync_sent_at.value_or(0), g.resync_sent_at.value_or(0)});
    Sequence seq(row.contiguous, row.max_seen, row.max_seen_ts,
                 {row.held_above.begin(), row.held_above.end()}, std::move(open));
    for (const auto& g : row.gaps)
      if (g.status == "lost") seq.add_lost_range(g.from_seq, g.to_seq);
    if (row.max_seen_ts) seq.note_heard(*row.max_seen_ts);
    if (row.watermark) {
      seq.restore_watermark({row.watermark->until, row.watermark->seq});
      tracks_[row.node].watermarked = true;
    }
    metrics_.gaps_open += seq.open_gaps().size();
    sequences_[{row.node, row.epoch}] = std::move(seq);
  }
  for (const auto& n : repo_.load_nodes()) {
    if (n.epoch) latest_epoch_[n.node] = *n.epoch;
    node_status_[n.node] =
        n.state ? parse_node_status(*n.state).value_or(NodeStatus::offline) : NodeStatus::offline;
  }
  // A node seen only through its events has no birth epoch: take the epoch it used.
  for (const auto& [key, seq] : sequences_) latest_epoch_.try_emplace(key.node, key.epoch);
  for (const auto& [node, epoch] : latest_epoch_)
    if (auto it = sequences_.find({node, epoch}); it != sequences_.end())
      tracks_[node].holding = it->second.holding();
  const auto c = repo_.load_counters();
  metrics_.events_received = static_cast<std::uint64_t>(c.events_received);
  metrics_.events_stored = static_cast<std::uint64_t>(c.events_stored);
  metrics_.duplicates = static_cast<std::uint64_t>(c.duplicates);
  metrics_.quarantined = static_cast<std::uint64_t>(c.quarantined);
  metrics_.gaps = static_cast<std::uint64_t>(c.gaps);
  agents_.reset(repo_.load_agents());
  metrics_.agents_total = agents_.size();
  refresh_node_counts();
}

bool Ingestor::knows_node_or_has_room(const std::string& node) const {
  return node_status_.count(node) > 0 || node_status_.size() < options_.max_nodes;
}

void Ingestor::refresh_node_counts() {
  std::uint64_t online = 0;
  for (const auto& [node, status] : node_status_) online += status == NodeStatus::online;
  metrics_.nodes_online = online;
  metrics_.nodes_total = node_status_.size();
}

void Ingestor::begin_transaction() {
  delta_ = {};
  delta_saved_ = false;
  committed_.clear();
  refused_.clear();
}

void Ingestor::finish_transaction(Pending& out, std::chrono::steady_clock::time_point started) {
  metrics_.store_ok();
  metrics_.observe_commit(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  metrics_.events_received += static_cast<std::uint64_t>(delta_.events_received);
  metrics_.events_stored += static_cast<std::uint64_t>(delta_.events_stored);
  metrics_.duplicates += static_cast<std::uint64_t>(delta_.duplicates);
  metrics_.quarantined += static_cast<std::uint64_t>(delta_.quarantined);
  metrics_.gaps += static_cast<std::uint64_t>(delta_.gaps);
  for (const auto kind : refused_) metrics_.refused.count(kind);
  metrics_.agents_total = agents_.size();
  refresh_node_counts();

  for (const auto& [t, p] : out.retained) outbox_.publish(t, p, true);
  for (const auto& [t, p] : out.plain) outbox_.publish(t, p, false);
  metrics_.acks_published += out.retained.size();
  if (listener_ && !committed_.empty()) listener_->on_committed(std::move(committed_));
  committed_.clear();
}

namespace {

// Runs BODY in one transaction; on failure the store's state is loaded back
// into memory (the transaction rolled back) and the error goes to the caller.
template <typename Body, typename Reload>
void in_transaction(store::Database& db, IngestMetrics& metrics, Body&& body, Reload&& reload) {
  try {
    store::Transaction tx(db);
    body();
    tx.commit();
  } catch (...) {
    try {
      throw;
    } catch (const std::exception& e) {
      metrics.store_failed(e.what());
    } catch (...) {
      metrics.store_failed("unknown error");
    }
    try {
      reload();
    } catch (...) {
      // The store cannot even be read; the caller's error handling takes over.
    }
    throw;
  }
}

}  // namespace

void Ingestor::on_message(std::string_view topic_view, std::string_view payload) {
  std::lock_guard lock(mu_);
  const std::string topic(topic_view);
  const auto now = clock_();
  const auto started = std::chrono::steady_clock::now();
  metrics_.messages++;

  const auto parsed = broker::parse_node_topic(topic);
  if (parsed && parsed->site != options_.site) {
    metrics_.messages_ignored++;  // another site's traffic: not ours to judge
    return;
  }

  begin_transaction();
  Pending out;
  in_transaction(
      db_, metrics_,
      [&] {
        if (!parsed) {
          quarantine(topic, std::nullopt, payload,
                     "topic is not a v1 node birth, state or evt topic", now);
        } else if (!knows_node_or_has_room(parsed->node)) {
          quarantine(topic, parsed->node, payload,
                     "too many nodes: '" + parsed->node +
                         "' is new and the gateway already tracks " +
                         std::to_string(options_.max_nodes) + " nodes (its limit)",
                     now, RefusalKind::too_many_nodes);
        } else if (parsed->channel == broker::Channel::evt) {
          handle_batch(topic, parsed->node, payload, now, out);
        } else if (parsed->channel == broker::Channel::birth) {
          handle_birth(topic, parsed->node, payload, now, out);
        } else {
          handle_state(topic, parsed->node, payload, now);
        }
        if (!delta_saved_) repo_.add_counters(delta_);
      },
      [&] { load(); });
  finish_transaction(out, started);
}

void Ingestor::tick() {
  std::lock_guard lock(mu_);
  const auto now = clock_();
  // Nothing to do unless a hole is open: no transaction then.
  bool any = false;
  for (const auto& [key, seq] : sequences_) any = any || !seq.open_gaps().empty();
  if (!any) return;
  const auto started = std::chrono::steady_clock::now();
  begin_transaction();
  Pending out;
  in_transaction(
      db_, metrics_,
      [&] {
        for (auto& [key, seq] : sequences_) {
          if (seq.open_gaps().empty()) continue;
          const std::uint64_t from = seq.contiguous();
          auto lost = review_gaps(key, seq, now, out);
          if (seq.contiguous() == from) continue;
          pass_on_since(key, seq, from, std::move(lost), nullptr);
          repo_.save_sequence(key.node, key.epoch, seq.contiguous(), seq.max_seen(),
                              seq.max_seen_ts());
          queue_ack(key, seq, now, out);
        }
      },
      [&] { load(); });
  finish_transaction(out, started);
}

void Ingestor::quarantine(const std::string& topic, std::optional<std::string> node,
                          std::string_view payload, const std::string& reason, TimestampMs now,
                          RefusalKind kind) {
  store::QuarantineRecord r;
  r.received_at = now;
  r.topic = topic;
  r.node = std::move(node);
  r.reason = reason;
  r.raw = std::string(payload);
  if (repo_.quarantine(r)) {
    delta_.quarantined++;
    if (kind != RefusalKind::invalid) refused_.push_back(kind);
  }
}

TimestampMs Ingestor::node_time(const std::string& node, const Sequence& seq,
                                TimestampMs now) const {
  TimestampMs t = seq.heard_ts().value_or(std::numeric_limits<TimestampMs>::min());
  const auto it = tracks_.find(node);
  const bool watermarked = it != tracks_.end() && it->second.watermarked;
  const TimestampMs heard = it != tracks_.end() ? it->second.heard_at : 0;
  // Only a node that never vouches for its own time is guessed from the wall clock.
  if (!watermarked && now - std::max(heard, live_since_) >= options_.silence)
    t = std::max(t, now - options_.lateness);
  return t;
}

void Ingestor::switch_epoch(const std::string& node, const std::string& epoch, TimestampMs now) {
  auto prev = latest_epoch_.find(node);
  if (prev != latest_epoch_.end() && prev->second != epoch) {
    const NodeEpoch old{node, prev->second};
    if (auto it = sequences_.find(old); it != sequences_.end() && !it->second.open_gaps().empty()) {
      Sequence& seq = it->second;
      const std::uint64_t from = seq.contiguous();
      auto lost = seq.give_up_all();
      for (const auto& g : lost) {
        repo_.close_gap(g.id, "lost", now);
        metrics_.gaps_open--;
        metrics_.gaps_lost++;
      }
      pass_on_since(old, seq, from, std::move(lost), nullptr);
      repo_.save_sequence(node, old.epoch, seq.contiguous(), seq.max_seen(), seq.max_seen_ts());
    }
  }
  latest_epoch_[node] = epoch;
}

void Ingestor::handle_batch(const std::string& topic, const std::string& node,
                            std::string_view payload, TimestampMs now, Pending& out) {
  // Agents are admitted below, once an event's time is known to be acceptable.
  auto decoded = decode_batch(payload, node);
  if (auto* bad = std::get_if<Refusal>(&decoded)) {
    quarantine(topic, node, payload, bad->reason, now, bad->kind);
    return;
  }
  auto& batch = std::get<EventBatch>(decoded);
  const NodeEpoch key{node, batch.epoch};
  switch_epoch(node, batch.epoch, now);
  auto& seq = sequences_[key];
  auto& track = tracks_[node];
  track.heard_at = now;
  node_status_.try_emplace(node, NodeStatus::online);
  delta_.events_received += static_cast<std::int64_t>(batch.size());
  const std::uint64_t from = seq.contiguous();
  const bool was_holding = seq.holding();

  auto note_gap = [&](std::optional<GapSpan> span) {
    if (!span) return;
    store::GapRow g{0,           node, batch.epoch,  span->from_seq, span->to_seq, span->from_ts,
                    span->to_ts, now,  std::nullopt, "open"};
    g.id = repo_.open_gap(g);
    seq.add_open_gap(
        {g.id, g.from_seq, g.to_seq, span->from_ts, span->to_ts.value_or(0), now, 0, 0});
    delta_.gaps++;
    metrics_.gaps_open++;
  };
  // A rejected event: quarantined, its seq (when readable) consumed.
  std::uint64_t over_quota = 0;
  auto reject = [&](std::optional<std::uint64_t> s, const std::string& reason,
                    const std::string& raw, RefusalKind kind) {
    store::QuarantineRecord q{now, topic, node, batch.epoch, s, reason, raw, std::nullopt};
    if (kind != RefusalKind::invalid) q.refusal = label(kind);
    if (repo_.quarantine(q)) {
      delta_.quarantined++;
      over_quota += kind == RefusalKind::agent_quota;
      if (kind != RefusalKind::invalid) refused_.push_back(kind);
      if (s) note_gap(seq.hold(*s, std::nullopt));
    } else {
      delta_.duplicates++;  // the same bad event, delivered again
    }
  };
  // Why a decoded event is still refused: time the node cannot vouch for, or a new agent
  // past a ceiling.
  auto refusal = [&](const Event& e) -> std::optional<Refusal> {
    if (auto why = untimely(e.ts, now, options_.max_skew, "ts")) return Refusal{*why};
    if (const auto vouched = seq.vouched_before(e.seq); vouched && e.ts < *vouched)
      return Refusal{"dated " + iso_utc(e.ts) + ", before its node's own watermark (" +
                     iso_utc(*vouched) + "): the node said nothing else happened before then"};
    if (const auto* agent = agent_named(e.body)) return admit(*agent, node, now);
    return std::nullopt;
  };

  // Valid and rejected events are taken in seq order, so that a rejected
  // event between two valid ones is never mistaken for a hole.
  std::vector<Event> stored;
  stored.reserve(batch.events.size());
  std::size_t vi = 0, ri = 0;
  TimestampMs last_ts = 0;
  std::uint64_t last_seq = 0;
  const auto rejected_seq = [&](std::size_t i) {
    return batch.rejected[i].seq.value_or(std::numeric_limits<std::uint64_t>::max());
  };
  while (vi < batch.events.size() || ri < batch.rejected.size()) {
    if (ri == batch.rejected.size() ||
        (vi < batch.events.size() && batch.events[vi].seq < rejected_seq(ri))) {
      const auto& e = batch.events[vi++];
      last_seq = std::max(last_seq, e.seq);
      if (!seq.holds(e.seq)) {
        if (auto why = refusal(e)) {
          reject(e.seq, why->reason, json{{"seq", e.seq}, {"ts", e.ts}}.dump(), why->kind);
          continue;
        }
      } else if (repo_.quarantined(node, batch.epoch, e.seq)) {
        delta_.duplicates++;  // refused when it first came: a copy changes nothing
        continue;
      }
      if (repo_.insert_event(node, batch.epoch, e, now)) {
        delta_.events_stored++;
        note_gap(seq.hold(e.seq, e.ts));
        stored.push_back(e);
        last_ts = std::max(last_ts, e.ts);
      } else {
        delta_.duplicates++;
      }
    } else {
      const auto& r = batch.rejected[ri++];
      if (r.seq) last_seq = std::max(last_seq, *r.seq);
      reject(r.seq, r.reason, r.raw, r.kind);
    }
  }
  if (last_ts > 0) repo_.ensure_node(node, now);
  if (over_quota > 0) committed_.push_back(NodeRefused{node, over_quota});

  if (batch.until) {
    if (auto why = untimely(*batch.until, now, options_.max_skew, "watermark until")) {
      quarantine(topic, node, payload, *why + "; the batch's events are kept", now);
    } else {
      // An empty batch vouches for every seq the node sent; a batch, for its own.
      const Watermark w{*batch.until, batch.size() == 0 ? seq.max_seen() : last_seq};
      if (seq.note_watermark(w)) {
        repo_.save_watermark(node, batch.epoch,
                             {seq.watermark()->until, seq.watermark()->seq, now});
        track.watermarked = true;
      }
    }
  }

  auto lost = review_gaps(key, seq, now, out);
  // The events at hand are all the advance holds only if nothing waited before.
  const bool only_these = !was_holding && lost.empty();
  pass_on_since(key, seq, from, std::move(lost), only_these ? &stored : nullptr);
  // The batch's counters and times go in its sequence's row, written anyway.
  repo_.save_batch(node, batch.epoch, seq.contiguous(), seq.max_seen(), seq.max_seen_ts(), delta_,
                   last_ts > 0 ? std::optional<TimestampMs>(last_ts) : std::nullopt, now);
  delta_saved_ = true;
  queue_ack(key, seq, now, out);
}

void Ingestor::pass_on_since(const NodeEpoch& key, Sequence& seq, std::uint64_t from,
                             std::vector<OpenGap> lost, const std::vector<Event>* at_hand) {
  Passage p;
  p.source = key;
  p.from = from;
  p.to = seq.contiguous();
  p.lost = std::move(lost);
  p.watermark = seq.take_reached_watermark();
  p.at_hand = at_hand;
  if (p.to > p.from || p.watermark)
    pass_on(
        p,
        [&](const NodeEpoch& s, std::uint64_t first, std::uint64_t last) {
          return store::read_events(db_, s, first, last);
        },
        committed_);
  // Only the node's current epoch says whether its data is complete.
  auto epoch = latest_epoch_.find(key.node);
  if (epoch == latest_epoch_.end() || epoch->second != key.epoch) return;
  auto& track = tracks_[key.node];
  if (track.holding != seq.holding()) {
    track.holding = seq.holding();
    committed_.push_back(Holding{key.node, track.holding});
  }
}

std::vector<OpenGap> Ingestor::review_gaps(const NodeEpoch& key, Sequence& seq, TimestampMs now,
                                           Pending& out) {
  for (const auto& g : seq.take_filled_gaps()) {
    repo_.close_gap(g.id, "filled", now);
    metrics_.gaps_open--;
  }
  std::vector<OpenGap> lost;
  for (auto id : seq.due_give_ups(options_.give_up, node_time(key.node, seq, now), now)) {
    if (auto g = seq.give_up(id)) {
      repo_.close_gap(id, "lost", now);
      metrics_.gaps_open--;
      metrics_.gaps_lost++;
      lost.push_back(*g);
    }
  }
  // Giving up may have let contiguity cover later holes too.
  for (const auto& g : seq.take_filled_gaps()) {
    repo_.close_gap(g.id, "filled", now);
    metrics_.gaps_open--;
  }
  bool resync = false;
  for (auto& g : seq.open_gaps()) {
    if (g.resync_sent_at == 0 || now - g.last_resync_at >= options_.resync_repeat_after.count()) {
      // The first resync of a hole starts its wait (stored); repeats do not restart it.
      if (g.resync_sent_at == 0) {
        g.resync_sent_at = now;
        repo_.mark_resync(g.id, now);
      }
      g.last_resync_at = now;
      resync = true;
    }
  }
  if (resync) queue_resync(key, seq, out);
  return lost;
}

void Ingestor::queue_ack(const NodeEpoch& key, const Sequence& seq, TimestampMs now, Pending& out) {
  if (seq.contiguous() == 0) return;  // nothing durable yet to release
  json ack{{"epoch", key.epoch}, {"seq", seq.contiguous()}, {"ts", now}};
  out.retained.emplace_back(broker::node_topic(options_.site, key.node, "ack"), ack.dump());
}

void Ingestor::queue_resync(const NodeEpoch& key, const Sequence& seq, Pending& out) {
  json cmd{{"cmd", "resync"}, {"epoch", key.epoch}, {"from_seq", seq.contiguous() + 1}};
  out.plain.emplace_back(broker::node_topic(options_.site, key.node, "cmd"), cmd.dump());
  metrics_.resyncs_sent++;
}

void Ingestor::handle_birth(const std::string& topic, const std::string& node,
                            std::string_view payload, TimestampMs now, Pending& out) {
  auto decoded = decode_birth(payload, node);
  if (auto* bad = std::get_if<Refusal>(&decoded)) {
    quarantine(topic, node, payload, bad->reason, now, bad->kind);
    return;
  }
  const auto& birth = std::get<NodeBirth>(decoded);
  if (auto why = untimely(birth.ts, now, options_.max_skew, "birth ts")) {
    quarantine(topic, node, payload, *why, now);
    return;
  }
  tracks_[node].heard_at = now;
  if (repo_.apply_birth(birth, now)) committed_.push_back(NodeBorn{birth});
  switch_epoch(node, birth.epoch, now);
  node_status_.try_emplace(node, NodeStatus::offline);
  // A node coming back with holes still open is asked again at once.
  const NodeEpoch key{node, birth.epoch};
  if (auto it = sequences_.find(key); it != sequences_.end()) {
    queue_ack(key, it->second, now, out);
    if (!it->second.open_gaps().empty()) queue_resync(key, it->second, out);
  }
}

void Ingestor::handle_state(const std::string& topic, const std::string& node,
                            std::string_view payload, TimestampMs now) {
  auto decoded = decode_state(payload);
  if (auto* bad = std::get_if<Refusal>(&decoded)) {
    quarantine(topic, node, payload, bad->reason, now, bad->kind);
    return;
  }
  const auto& report = std::get<NodeStateReport>(decoded);
  if (auto why = untimely(report.ts, now, options_.max_skew, "state ts")) {
    quarantine(topic, node, payload, *why, now);
    return;
  }
  tracks_[node].heard_at = now;
  if (repo_.apply_state(node, report, now)) {
    node_status_[node] = report.state;
    committed_.push_back(NodeStateChanged{node, report});
  } else {
    node_status_.try_emplace(node, report.state);
  }
}

void Ingestor::republish_acks() {
  std::lock_guard lock(mu_);
  const auto now = clock_();
  Pending out;
  for (const auto& [node, epoch] : latest_epoch_) {
    const NodeEpoch key{node, epoch};
    if (auto it = sequences_.find(key); it != sequences_.end())
      queue_ack(key, it->second, now, out);
  }
  for (const auto& [t, p] : out.retained) outbox_.publish(t, p, true);
}

}  // namespace vigie::ingest
