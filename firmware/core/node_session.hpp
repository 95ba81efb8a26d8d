// The node session: what a node says to its gateway and how it keeps its word.
//
// Every event is journaled before it is sent. Batches leave when batch_max
// events wait or the oldest has waited batch_ms. Journal entries are released
// only when the gateway's retained ack for this epoch covers them; whatever is
// unacked is sent again after ack_timeout_ms without progress, after every
// reconnect, and from the requested seq on a resync. The gateway keeps each
// (node, epoch, seq) once, so resending is always safe and losing never is.
//
// Watermarks (contract sec. 3.4): the port vouches that nothing below a time
// will be recorded any more; the session passes that on as "until", on a
// batch that publishes everything recorded, or alone in an empty batch every
// beat_ms once the journal is drained (all sent and acked), so the gateway can
// tell silence from data still on its way.
//
// Single-threaded: the port calls every method from one thread (see ports.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/batch_encoder.hpp"
#include "core/event.hpp"
#include "core/event_json.hpp"
#include "core/event_record.hpp"
#include "core/journal.hpp"
#include "core/node_messages.hpp"

namespace vigie::fw {

struct SessionConfig {
  std::uint32_t batch_max = 100;         // events per batch, 1..1000 (contract sec. 3.2)
  std::uint32_t batch_ms = 1000;         // the longest an event waits for companions
  std::uint32_t ack_timeout_ms = 10000;  // without ack progress, send the unacked again
  std::uint32_t max_unacked = 2000;      // events in flight before waiting for an ack
  std::uint32_t beat_ms = 10000;         // watermark rhythm while idle; 0: never send "until"
};

constexpr std::uint32_t kBatchMaxLimit = 1000;

inline bool config_ok(const SessionConfig& c) {
  return c.batch_max >= 1 && c.batch_max <= kBatchMaxLimit && c.max_unacked >= c.batch_max &&
         c.ack_timeout_ms > 0;
}

struct SessionStats {
  std::uint64_t batches_sent = 0;
  std::uint64_t events_sent = 0;  // resends included
  std::uint64_t acks = 0;         // acks that released something
  std::uint64_t resends = 0;      // rewinds after an ack timeout
  std::uint64_t resyncs = 0;
  std::uint64_t nudges = 0;
  std::uint64_t ignored_messages = 0;  // malformed, foreign epoch, unknown topic or command
  std::uint64_t unreadable_records = 0;
  std::uint64_t watermarks = 0;    // empty batches that carried only "until"
  std::uint64_t late_records = 0;  // recorded with a ts below the vouched time
};

enum class RecordResult : std::uint8_t { ok, invalid, full, flash_error };

template <class Ports>
class NodeSession {
 public:
  using Clock = typename Ports::Clock;
  using Transport = typename Ports::Transport;
  using Indicator = typename Ports::Indicator;
  using JournalType = Journal<typename Ports::Flash, Ports::kJournalPages>;

  static_assert(Ports::kBatchBytes >= BatchEncoder::kEnvelopeMax + kMaxEventJson,
                "a batch must hold at least one event of the largest size");
  static_assert(Ports::kBatchBytes <= 256 * 1024, "the contract caps payloads at 256 KiB");
  static_assert(kMaxEventRecord <= JournalType::kMaxPayload, "every event fits one record");

  // `journal` must be open; `config` must pass config_ok().
  NodeSession(Clock& clock, Transport& transport, Indicator& indicator, JournalType& journal,
              const NodeIdentity& identity, const SessionConfig& config)
      : clock_(clock),
        transport_(transport),
        indicator_(indicator),
        journal_(journal),
        identity_(identity),
        config_(config) {
    make_topics(identity_, topics_);
    next_send_ = journal_.released() + 1;
    flush_ = true;  // whatever the journal holds from before is late already
  }

  // ---- for the transport ----
  const char* ack_topic() const { return topics_.ack.c_str(); }
  const char* cmd_topic() const { return topics_.cmd.c_str(); }
  const char* state_topic() const { return topics_.state.c_str(); }
  // The Will: {"state":"lost",...}, published by the broker if the node vanishes.
  std::size_t will_payload(char* out, std::size_t capacity) const {
    return write_state(NodeStatus::lost, journal_.epoch(), clock_.now_ms(), out, capacity);
  }

  // Announces the node, then sends everything unacked again.
  void on_connected() {
    connected_ = true;
    birth_pending_ = true;
    online_pending_ = true;
    rewind_to(journal_.released() + 1);
    tick();
  }

  void on_disconnected() {
    connected_ = false;
    ack_timer_armed_ = false;
  }

  // An incoming message on the ack or cmd topic; anything else is ignored.
  void on_message(std::string_view topic, const std::uint8_t* payload, std::size_t size) {
    if (topic == topics_.ack.view()) {
      handle_ack(payload, size);
    } else if (topic == topics_.cmd.view()) {
      handle_command(payload, size);
    } else {
      ++stats_.ignored_messages;
    }
  }

  // ---- for the application ----

  // Journals one event; it leaves with a later tick(). An event below the
  // vouched time is still kept (data is never lost) but counted as late.
  RecordResult record(const Event& event, std::uint64_t* seq_out = nullptr) {
    if (check_event(event) != nullptr) return RecordResult::invalid;
    std::size_t size = encode_event_record(event, encoded_, sizeof encoded_);
    if (size == 0) return RecordResult::invalid;
    const bool nothing_waiting = next_send_ > journal_.last_seq();
    std::uint64_t seq = 0;
    switch (journal_.append(encoded_, size, seq)) {
      case JournalType::AppendResult::ok:
        break;
      case JournalType::AppendResult::full:
        return RecordResult::full;
      case JournalType::AppendResult::too_large:
        return RecordResult::invalid;
      case JournalType::AppendResult::flash_error:
      case JournalType::AppendResult::closed:
        return RecordResult::flash_error;
    }
    if (nothing_waiting) oldest_unsent_ms_ = clock_.now_ms();
    if (late(event.ts)) ++stats_.late_records;
    if (seq_out != nullptr) *seq_out = seq;
    return RecordResult::ok;
  }

  // The port's promise: nothing recorded from now on has a ts below until_ms.
  // Monotone: a value at or below the one vouched before changes nothing.
  void vouch(std::int64_t until_ms) {
    if (vouched_ && until_ms <= vouched_ms_) return;
    vouched_ = true;
    vouched_ms_ = until_ms;
  }
  // Whether an event with this ts would break the promise (see vouch()).
  bool late(std::int64_t ts) const { return vouched_ && ts < vouched_ms_; }

  // Sends what is due; call it often (every few ms) and after record().
  void tick() {
    if (!connected_ || stopped_ || !transport_.connected()) return;
    const std::int64_t now = clock_.now_ms();
    if (!announce(now)) return;
    check_ack_timeout(now);
    while (batch_due(now) && window_room() > 0)
      if (!send_batch(now)) break;
    if (watermark_due(now)) send_watermark(now);
  }

  // Orderly stop: no more batches, and a retained "offline" so the gateway
  // knows the silence is intended. False if it could not be published.
  bool stop() {
    stopped_ = true;
    if (!connected_ || !transport_.connected()) return false;
    char payload[kControlPayloadMax];
    std::size_t size = write_state(NodeStatus::offline, journal_.epoch(), clock_.now_ms(), payload,
                                   sizeof payload);
    return size > 0 && publish(topics_.state, payload, size, true);
  }

  bool all_acked() const { return journal_.released() >= journal_.last_seq(); }
  std::uint64_t unacked() const { return journal_.last_seq() - journal_.released(); }
  std::uint64_t epoch() const { return journal_.epoch(); }
  const SessionStats& stats() const { return stats_; }
  const NodeIdentity& identity() const { return identity_; }

 private:
  // Nothing leaves before the journal is durable: a crash must never lose
  // (and then reuse) a seq the gateway may already hold.
  bool publish(const Topic& topic, const char* payload, std::size_t size, bool retained) {
    if (!journal_.sync()) return false;
    return transport_.publish(topic.c_str(), reinterpret_cast<const std::uint8_t*>(payload), size,
                              1, retained);
  }

  // Birth, then "online", before any event (both retained). Retried each tick.
  bool announce(std::int64_t now) {
    char payload[kControlPayloadMax];
    if (birth_pending_) {
      std::size_t size = write_birth(identity_, journal_.epoch(), now, payload, sizeof payload);
      if (size == 0 || !publish(topics_.birth, payload, size, true)) return false;
      birth_pending_ = false;
    }
    if (online_pending_) {
      std::size_t size =
          write_state(NodeStatus::online, journal_.epoch(), now, payload, sizeof payload);
      if (size == 0 || !publish(topics_.state, payload, size, true)) return false;
      online_pending_ = false;
    }
    return true;
  }

  void rewind_to(std::uint64_t seq) {
    next_send_ = seq;
    flush_ = true;
    ack_timer_armed_ = false;
  }

  std::uint64_t in_flight() const {
    const std::uint64_t released = journal_.released();
    return next_send_ - 1 > released ? next_send_ - 1 - released : 0;
  }

  std::uint64_t window_room() const {
    const std::uint64_t flying = in_flight();
    return flying < config_.max_unacked ? config_.max_unacked - flying : 0;
  }

  bool batch_due(std::int64_t now) {
    const std::uint64_t last = journal_.last_seq();
    if (next_send_ > last) {
      flush_ = false;
      return false;
    }
    if (flush_) return true;
    if (last - next_send_ + 1 >= config_.batch_max) return true;
    if (now < oldest_unsent_ms_) oldest_unsent_ms_ = now;  // the clock stepped back
    return now - oldest_unsent_ms_ >= static_cast<std::int64_t>(config_.batch_ms);
  }

  void check_ack_timeout(std::int64_t now) {
    if (!ack_timer_armed_) return;
    if (in_flight() == 0) {
      ack_timer_armed_ = false;
      return;
    }
    if (now < ack_deadline_ms_ - static_cast<std::int64_t>(config_.ack_timeout_ms))
      ack_deadline_ms_ = now + config_.ack_timeout_ms;  // the clock stepped back
    if (now >= ack_deadline_ms_) {
      ++stats_.resends;
      rewind_to(journal_.released() + 1);
    }
  }

  void arm_ack_timer(std::int64_t now) {
    ack_timer_armed_ = true;
    ack_deadline_ms_ = now + config_.ack_timeout_ms;
  }

  bool watermarks_on() const { return config_.beat_ms > 0 && vouched_; }

  // The vouched time, if it says more than the last "until" sent. A session
  // lives in one epoch (a new store is a new session), so this starts afresh.
  bool until_news() const {
    return watermarks_on() && (!until_sent_ || vouched_ms_ > until_sent_ms_);
  }

  // An empty batch may say "up to the node's latest seq" only if the gateway
  // holds that seq: nothing unsent and nothing unacked.
  bool watermark_due(std::int64_t now) {
    if (!until_news() || next_send_ <= journal_.last_seq() || !all_acked()) return false;
    if (!published_batch_) return true;
    if (now < last_batch_ms_) last_batch_ms_ = now;  // the clock stepped back
    return now - last_batch_ms_ >= static_cast<std::int64_t>(config_.beat_ms);
  }

  void send_watermark(std::int64_t now) {
    BatchEncoder batch(batch_, sizeof batch_);
    batch.begin(identity_.node, journal_.epoch());
    const std::size_t size = batch.finish(vouched_ms_);
    if (size == 0 || !publish(topics_.evt, batch_, size, false)) return;
    ++stats_.watermarks;
    note_published(now, true);
  }

  // A batch or a watermark has left; the beat counts from it.
  void note_published(std::int64_t now, bool with_until) {
    published_batch_ = true;
    last_batch_ms_ = now;
    if (!with_until) return;
    until_sent_ = true;
    until_sent_ms_ = vouched_ms_;
  }

  // Publishes one batch starting at next_send_. False if nothing went out.
  bool send_batch(std::int64_t now) {
    BatchEncoder batch(batch_, sizeof batch_);
    batch.begin(identity_.node, journal_.epoch());
    std::uint64_t limit = window_room();
    if (limit > config_.batch_max) limit = config_.batch_max;
    auto cursor = journal_.seek(next_send_);
    std::uint64_t after = next_send_;  // the next seq once this batch is out
    while (batch.count() < limit && journal_.next(cursor, record_)) {
      // A CRC-valid record that is not an event (or, impossibly, does not fit an
      // empty batch) is skipped and counted: one bad record must not stall the node.
      const bool readable = decode_event_record(record_.payload, record_.size, event_);
      if (readable && !batch.add(record_.seq, event_)) {
        if (batch.count() > 0) break;  // it opens the next batch
        ++stats_.unreadable_records;
      } else if (!readable) {
        ++stats_.unreadable_records;
      }
      after = record_.seq + 1;
    }
    if (after == next_send_) {
      if (cursor.failed) return false;  // the flash refused a read: next tick
      // Nothing readable from here on: the records are gone (see Journal::next).
      next_send_ = journal_.last_seq() + 1;
      return false;
    }
    // Only a batch that reaches the last seq may vouch for the time after it.
    const bool with_until = watermarks_on() && after > journal_.last_seq() && batch.count() > 0;
    std::size_t size = with_until ? batch.finish(vouched_ms_) : batch.finish();
    if (size > 0) {
      if (!publish(topics_.evt, batch_, size, false)) return false;
      ++stats_.batches_sent;
      stats_.events_sent += batch.count();
      if (!ack_timer_armed_) arm_ack_timer(now);
      note_published(now, with_until);
    }
    next_send_ = after;
    return true;
  }

  void handle_ack(const std::uint8_t* payload, std::size_t size) {
    Ack ack;
    if (!parse_ack(payload, size, ack) || ack.epoch != journal_.epoch() ||
        ack.seq > journal_.last_seq()) {
      ++stats_.ignored_messages;
      return;
    }
    if (ack.seq <= journal_.released()) return;  // old news, e.g. the retained ack on connect
    journal_.release(ack.seq);
    ++stats_.acks;
    if (next_send_ <= ack.seq) next_send_ = ack.seq + 1;
    if (in_flight() > 0)
      arm_ack_timer(clock_.now_ms());
    else
      ack_timer_armed_ = false;
  }

  void handle_command(const std::uint8_t* payload, std::size_t size) {
    if (!parse_command(payload, size, command_)) {
      ++stats_.ignored_messages;
      return;
    }
    if (command_.kind == Command::Kind::nudge) {
      ++stats_.nudges;
      indicator_.nudge(command_.agent.c_str(), command_.criterion.c_str(), command_.text.c_str());
      return;
    }
    // Resync: replay from from_seq, or from the oldest kept if that is gone.
    std::uint64_t from = command_.from_seq;
    if (command_.epoch != journal_.epoch() || from > journal_.next_seq()) {
      ++stats_.ignored_messages;
      return;
    }
    if (from < journal_.oldest_seq()) from = journal_.oldest_seq();
    ++stats_.resyncs;
    rewind_to(from);
    tick();
  }

  Clock& clock_;
  Transport& transport_;
  Indicator& indicator_;
  JournalType& journal_;
  NodeIdentity identity_;
  SessionConfig config_;
  NodeTopics topics_;
  SessionStats stats_;

  bool connected_ = false;
  bool stopped_ = false;
  bool birth_pending_ = false;
  bool online_pending_ = false;
  bool flush_ = false;  // send everything unsent now, ignoring batch_ms
  std::uint64_t next_send_ = 1;
  std::int64_t oldest_unsent_ms_ = 0;
  bool ack_timer_armed_ = false;
  std::int64_t ack_deadline_ms_ = 0;
  bool vouched_ = false;  // the port has vouched for some time
  std::int64_t vouched_ms_ = 0;
  bool until_sent_ = false;  // an "until" has left
  std::int64_t until_sent_ms_ = 0;
  bool published_batch_ = false;  // a batch or watermark has left since the start
  std::int64_t last_batch_ms_ = 0;

  // Working storage, here rather than on a small stack.
  char batch_[Ports::kBatchBytes];
  typename JournalType::Record record_;
  Event event_;
  Command command_;
  std::uint8_t encoded_[kMaxEventRecord];
};

}  // namespace vigie::fw
