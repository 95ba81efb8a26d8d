#include "ingest/ingestor.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "ingest/topic.hpp"

namespace vigie::ingest {

using nlohmann::json;

Ingestor::Ingestor(IngestOptions options, store::Database& db, Outbox& outbox, WallClock clock,
                   IngestMetrics& metrics)
    : options_(std::move(options)),
      db_(db),
      repo_(db),
      outbox_(outbox),
      clock_(std::move(clock)),
      metrics_(metrics),
      agents_(options_.max_agents) {
  load();
}

void Ingestor::load() {
  sequences_.clear();
  latest_epoch_.clear();
  node_status_.clear();
  metrics_.gaps_open = 0;
  for (auto& row : repo_.load_sequences()) {
    std::vector<OpenGap> open;
    for (const auto& g : row.gaps)
      if (g.status == "open")
        open.push_back({g.id, g.from_seq, g.to_seq, g.detected_at, g.resync_sent_at.value_or(0)});
    Sequence seq(row.contiguous, row.max_seen, row.max_seen_ts,
                 {row.held_above.begin(), row.held_above.end()}, std::move(open));
    for (const auto& g : row.gaps)
      if (g.status == "lost") seq.add_lost_range(g.from_seq, g.to_seq);
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

void Ingestor::on_message(std::string_view topic_view, std::string_view payload) {
  std::lock_guard lock(mu_);
  const std::string topic(topic_view);
  const auto now = clock_();
  const auto started = std::chrono::steady_clock::now();
  metrics_.messages++;

  const auto parsed = parse_node_topic(topic);
  if (parsed && parsed->site != options_.site) {
    metrics_.messages_ignored++;  // another site's traffic: not ours to judge
    return;
  }

  delta_ = {};
  committed_.clear();
  refused_.clear();
  Pending out;
  try {
    store::Transaction tx(db_);
    if (!parsed) {
      quarantine(topic, std::nullopt, payload, "topic is not a v1 node birth, state or evt topic",
                 now);
    } else if (!knows_node_or_has_room(parsed->node)) {
      quarantine(topic, parsed->node, payload,
                 "too many nodes: '" + parsed->node + "' is new and the gateway already tracks " +
                     std::to_string(options_.max_nodes) + " nodes (its limit)",
                 now, RefusalKind::too_many_nodes);
    } else if (parsed->channel == Channel::evt) {
      handle_batch(topic, parsed->node, payload, now, out);
    } else if (parsed->channel == Channel::birth) {
      handle_birth(topic, parsed->node, payload, now, out);
    } else {
      handle_state(topic, parsed->node, payload, now);
    }
    repo_.add_counters(delta_);
    tx.commit();
  } catch (...) {
    try {
      throw;
    } catch (const std::exception& e) {
      metrics_.store_failed(e.what());
    } catch (...) {
      metrics_.store_failed("unknown error");
    }
    // The transaction rolled back: bring memory back to what the store holds.
    try {
      load();
    } catch (...) {
      // The store cannot even be read; the caller's error handling takes over.
    }
    throw;
  }
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

void Ingestor::handle_batch(const std::string& topic, const std::string& node,
                            std::string_view payload, TimestampMs now, Pending& out) {
  auto decoded = decode_batch(payload, node, &agents_);
  if (auto* bad = std::get_if<Refusal>(&decoded)) {
    quarantine(topic, node, payload, bad->reason, now, bad->kind);
    return;
  }
  auto& batch = std::get<EventBatch>(decoded);
  const NodeEpoch key{node, batch.epoch};
  auto& seq = sequences_[key];
  latest_epoch_[node] = batch.epoch;
  node_status_.try_emplace(node, NodeStatus::online);
  delta_.events_received += static_cast<std::int64_t>(batch.size());

  auto note_gap = [&](std::optional<GapSpan> span) {
    if (!span) return;
    store::GapRow g{0,           node, batch.epoch,  span->from_seq, span->to_seq, span->from_ts,
                    span->to_ts, now,  std::nullopt, "open"};
    g.id = repo_.open_gap(g);
    seq.add_open_gap({g.id, g.from_seq, g.to_seq, now, 0});
    committed_.push_back(GapOpened{key, *span});
    delta_.gaps++;
    metrics_.gaps_open++;
  };

  // Valid and rejected events are taken in seq order, so that a rejected
  // event between two valid ones is never mistaken for a hole.
  std::size_t vi = 0, ri = 0;
  TimestampMs last_ts = 0;
  const auto rejected_seq = [&](std::size_t i) {
    return batch.rejected[i].seq.value_or(std::numeric_limits<std::uint64_t>::max());
  };
  while (vi < batch.events.size() || ri < batch.rejected.size()) {
    if (ri == batch.rejected.size() ||
        (vi < batch.events.size() && batch.events[vi].seq < rejected_seq(ri))) {
      const auto& e = batch.events[vi++];
      if (repo_.insert_event(node, batch.epoch, e, now)) {
        delta_.events_stored++;
        note_gap(seq.hold(e.seq, e.ts));
        committed_.push_back(Stored{key, e});
      } else {
        delta_.duplicates++;
      }
      last_ts = std::max(last_ts, e.ts);
    } else {
      const auto& r = batch.rejected[ri++];
      store::QuarantineRecord q{now, topic, node, batch.epoch, r.seq, r.reason, r.raw};
      if (repo_.quarantine(q)) {
        delta_.quarantined++;
        if (r.kind != RefusalKind::invalid) refused_.push_back(r.kind);
        if (r.seq) {
          note_gap(seq.hold(*r.seq, std::nullopt));
          committed_.push_back(SeqConsumed{key, *r.seq});
        }
      } else {
        delta_.duplicates++;  // the same bad event, delivered again
      }
    }
  }
  if (last_ts > 0) repo_.note_events(node, last_ts, now);
  review_gaps(key, seq, now, out);
  repo_.save_sequence(node, batch.epoch, seq.contiguous(), seq.max_seen(), seq.max_seen_ts());
  queue_ack(key, seq, now, out);
}

void Ingestor::review_gaps(const NodeEpoch& key, Sequence& seq, TimestampMs now, Pending& out) {
  for (const auto& g : seq.take_filled_gaps()) {
    repo_.close_gap(g.id, "filled", now);
    metrics_.gaps_open--;
    committed_.push_back(GapClosed{key, g.from_seq, g.to_seq, false});
  }
  bool resync = false;
  std::vector<std::int64_t> lost;
  for (auto& g : seq.open_gaps()) {
    if (g.resync_sent_at > 0 && now - g.detected_at >= options_.gap_give_up_after.count()) {
      lost.push_back(g.id);
    } else if (g.resync_sent_at == 0 ||
               now - g.resync_sent_at >= options_.resync_repeat_after.count()) {
      g.resync_sent_at = now;
      repo_.mark_resync(g.id, now);
      resync = true;
    }
  }
  for (auto id : lost) {
    for (const auto& g : seq.open_gaps())
      if (g.id == id) committed_.push_back(GapClosed{key, g.from_seq, g.to_seq, true});
    seq.give_up(id);
    repo_.close_gap(id, "lost", now);
    metrics_.gaps_open--;
    metrics_.gaps_lost++;
  }
  // Giving up may have let contiguity cover later holes too.
  for (const auto& g : seq.take_filled_gaps()) {
    repo_.close_gap(g.id, "filled", now);
    metrics_.gaps_open--;
    committed_.push_back(GapClosed{key, g.from_seq, g.to_seq, false});
  }
  if (resync) queue_resync(key, seq, out);
}

void Ingestor::queue_ack(const NodeEpoch& key, const Sequence& seq, TimestampMs now, Pending& out) {
  if (seq.contiguous() == 0) return;  // nothing durable yet to release
  json ack{{"epoch", key.epoch}, {"seq", seq.contiguous()}, {"ts", now}};
  out.retained.emplace_back(node_topic(options_.site, key.node, "ack"), ack.dump());
}

void Ingestor::queue_resync(const NodeEpoch& key, const Sequence& seq, Pending& out) {
  json cmd{{"cmd", "resync"}, {"epoch", key.epoch}, {"from_seq", seq.contiguous() + 1}};
  out.plain.emplace_back(node_topic(options_.site, key.node, "cmd"), cmd.dump());
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
  if (repo_.apply_birth(birth, now)) committed_.push_back(NodeBorn{birth});
  latest_epoch_[node] = birth.epoch;
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
