#include "watch/floor_watch.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <iostream>
#include <mutex>
#include <thread>

#include "engine/alert_json.hpp"
#include "ingest/history_feed.hpp"
#include "store/history_reader.hpp"

namespace vigie::watch {
namespace {

// One visitor from one lambda per alternative: each committed item goes to its engine call.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

const char* change_name(engine::Change c) {
  switch (c) {
    case engine::Change::state:
      return "state";
    case engine::Change::ack:
      return "ack";
    case engine::Change::justify:
      return "justify";
  }
  return "state";
}

store::TransitionRecord record_of(const engine::AlertTransition& t) {
  store::TransitionRecord r;
  r.key = t.key;
  r.alert_id = t.alert.id;
  r.change = change_name(t.change);
  if (t.from) r.from_state = engine::to_string(*t.from);
  r.state = engine::to_string(t.alert.state);
  r.at = t.at;
  r.criterion = t.alert.criterion;
  r.subject_kind = referentiel::to_string(t.alert.subject.kind);
  r.subject_id = t.alert.subject.id;
  r.severity = referentiel::to_string(t.alert.severity);
  r.started_at = t.alert.started_at;
  r.alert_json = engine::to_json(t.alert);
  return r;
}

}  // namespace

FloorWatch::FloorWatch(engine::EngineOptions options, store::Database& db,
                       notify::AlertPublisher* publisher, boost::asio::io_context* io)
    : db_(db), alerts_(db), publisher_(publisher), io_(io) {
  engine_ = std::make_unique<engine::Engine>(std::move(options), *this);
}

std::uint64_t FloorWatch::rebuild(TimestampMs now) {
  std::unique_lock lock(mu_, std::defer_lock);
  for (auto& key : alerts_.transition_keys()) recorded_.add(std::move(key));
  engine_->set_recorded(&recorded_);
  // Gateway time during the rebuild is the time each item was committed, as it was live.
  engine::ManualClock recorded(engine::kBeforeTime);
  engine_->set_wall_clock(&recorded);
  ingest::HistoryFeed feed(db_, [&](TimestampMs at, std::vector<ingest::CommittedItem> items) {
    recorded.set(std::max(recorded.now(), at));
    apply(items);
  });
  store::read_history(db_, now - engine_->history_needed(), feed);
  lock.lock();
  engine_turn_ = true;
  engine_->tick();
  engine_turn_ = false;
  engine_->set_wall_clock(nullptr);
  // Acknowledgements and justifications of open alerts live in the store:
  // apply them again (their transitions are already recorded, so not re-emitted).
  for (const auto& a : alerts_.open_alert_acts()) {
    if (a.acked) engine_->acknowledge(a.alert_id, {a.acked->by, a.acked->at, a.acked->note});
    if (a.justified)
      engine_->justify(a.alert_id,
                       {a.justified->by, a.justified->at, a.justified->reason, a.justified->note});
  }
  lock.unlock();
  flush();
  return feed.events();
}

void FloorWatch::go_live(const engine::WallClock& clock, std::chrono::milliseconds tick) {
  {
    std::lock_guard lock(mu_);
    engine_->set_wall_clock(&clock);
  }
  live_ = true;
  tick_ = tick;
  if (io_) {
    timer_.emplace(*io_);
    schedule_tick();
  }
}

void FloorWatch::schedule_tick() {
  timer_->expires_after(tick_);
  timer_->async_wait([this](const boost::system::error_code& ec) {
    if (ec || !live_) return;
    tick();
    schedule_tick();
  });
}

void FloorWatch::tick() {
  {
    std::lock_guard lock(mu_);
    engine_turn_ = true;
    engine_->tick();
    engine_turn_ = false;
  }
  flush();
}

void FloorWatch::stop() {
  live_ = false;
  if (timer_) timer_->cancel();
}

void FloorWatch::on_committed(std::vector<ingest::CommittedItem> items) {
  if (!io_) {
    apply(items);
    return;
  }
  std::size_t events = 0;
  for (const auto& item : items) events += std::holds_alternative<ingest::Released>(item);
  // From Paho's thread to the engine's.
  if (held_events_.load() + events <= kMaxHeldEvents) {
    held_events_ += events;
    boost::asio::post(*io_, [this, items = std::move(items), events] {
      apply(items);
      held_events_ -= events;
    });
    return;
  }
  // The engine is behind: the events are committed, so only their seqs wait in memory.
  std::vector<Waiting> waiting;
  for (auto& item : items) {
    if (const auto* r = std::get_if<ingest::Released>(&item)) {
      auto* run = waiting.empty() ? nullptr : std::get_if<StoredRun>(&waiting.back());
      if (run && run->source == r->source && run->last < r->event.seq) {
        run->last = r->event.seq;
        run->count++;
      } else {
        waiting.emplace_back(StoredRun{r->source, r->event.seq, r->event.seq, 1});
      }
    } else {
      waiting.emplace_back(std::move(item));
    }
  }
  boost::asio::post(*io_, [this, waiting = std::move(waiting)]() mutable {
    apply(read_back(std::move(waiting)));
  });
}

std::vector<ingest::CommittedItem> FloorWatch::read_back(std::vector<Waiting> waiting) {
  std::vector<ingest::CommittedItem> items;
  for (auto& w : waiting) {
    if (auto* item = std::get_if<ingest::CommittedItem>(&w)) {
      items.push_back(std::move(*item));
      continue;
    }
    const auto& run = std::get<StoredRun>(w);
    // A run holds every stored event of its range: ingest releases a sequence's stored
    // events in seq order, with nothing of that sequence in between.
    std::vector<Event> events;
    for (int attempt = 1;; ++attempt) {
      try {
        events = store::read_events(db_, run.source, run.first, run.last);
        break;
      } catch (const std::exception& e) {
        // They are stored: at worst the next start's rebuild judges them.
        std::cerr << "vigie: engine: cannot read back " << run.source.node << " seq " << run.first
                  << "-" << run.last << ": " << e.what() << std::endl;
        if (attempt == 10) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    if (events.size() != run.count)
      std::cerr << "vigie: engine: " << run.count << " events of " << run.source.node << " seq "
                << run.first << "-" << run.last << " were released, the store reads "
                << events.size() << " back" << std::endl;
    for (auto& e : events) items.push_back(ingest::Released{run.source, std::move(e)});
  }
  return items;
}

void FloorWatch::apply(const std::vector<ingest::CommittedItem>& items) {
  std::unique_lock lock(mu_);
  engine_turn_ = true;
  for (const auto& item : items) {
    std::visit(
        Overloaded{
            [&](const ingest::NodeBorn& i) { engine_->on_node_birth(i.birth); },
            [&](const ingest::NodeStateChanged& i) { engine_->on_node_state(i.node, i.report); },
            [&](const ingest::Released& i) { engine_->on_event(i.source, i.event); },
            [&](const ingest::GapLost& i) { engine_->on_data_gap(i.source, i.gap); },
            [&](const ingest::WatermarkReached& i) { engine_->on_watermark(i.source, i.until); },
            [&](const ingest::Holding& i) { engine_->on_holding(i.node, i.holding); },
            [&](const ingest::NodeRefused& i) { engine_->on_node_refused(i.node, i.events); }},
        item);
    // Deadlines fire as event time moves, after each item, live as in replay:
    // the same input then walks the same instants (per-minute checks included).
    engine_->tick();
  }
  engine_turn_ = false;
  lock.unlock();
  flush();
  for (const auto& item : items)
    for (const auto& o : item_observers_) o(item);
}

void FloorWatch::on_transition(const engine::AlertTransition& t) {
  emitted_.push_back(t);  // under mu_: the engine is running
  // A tick can emit thousands of transitions (every agent's deadline in the same minute):
  // on the engine's own thread they go out a slice at a time, still under the lock, so
  // that a burst never holds more than a slice of them in memory (issue 15).
  if (engine_turn_ && emitted_.size() >= kSlice) {
    std::vector<engine::AlertTransition> slice;
    slice.swap(emitted_);
    deliver(slice, engine_->gateway_now());
  }
}

void FloorWatch::on_nudge(const engine::Nudge& n) {
  nudges_.push_back(n);  // under mu_: the engine is running
  // Every agent's `due` notice of a burst comes in the same tick: sent a slice at a time
  // as well.
  if (engine_turn_ && nudges_.size() >= kSlice) {
    std::vector<engine::Nudge> slice;
    slice.swap(nudges_);
    if (publisher_)
      for (const auto& each : slice) publisher_->nudge(each);
  }
}

void FloorWatch::record_later(store::TransitionRecord record) {
  {
    std::lock_guard lock(mu_);
    acts_.push_back(std::move(record));
  }
  flush_soon();
}

void FloorWatch::flush_soon() {
  if (!io_) return flush();
  boost::asio::post(*io_, [this] { flush(); });
}

void FloorWatch::flush() {
  std::vector<engine::AlertTransition> emitted;
  std::vector<engine::Nudge> nudges;
  std::vector<store::TransitionRecord> acts;
  TimestampMs now = 0;
  {
    std::lock_guard lock(mu_);
    emitted.swap(emitted_);
    nudges.swap(nudges_);
    acts.swap(acts_);
    now = engine_->gateway_now();
  }
  for (auto& r : acts) unrecorded_.push_back(std::move(r));
  for (const auto& n : nudges)
    if (publisher_) publisher_->nudge(n);
  deliver(emitted, now);
}

void FloorWatch::deliver(const std::vector<engine::AlertTransition>& emitted, TimestampMs now) {
  // Published, made records and recorded a slice at a time: a burst holds one slice's
  // payloads and records in memory, not all.
  for (std::size_t begin = 0; begin < emitted.size(); begin += kSlice) {
    const std::size_t end = std::min(emitted.size(), begin + kSlice);
    for (std::size_t i = begin; i < end; ++i) {
      // Published first: the alert is derived from events already committed, so a crash
      // before it is recorded loses nothing (the rebuild derives it again, records it and
      // publishes it once more, retained, the same). Recording first would put a second
      // synchronous commit between an event and its alert.
      if (publisher_) publisher_->publish(emitted[i]);
      unrecorded_.push_back(record_of(emitted[i]));
    }
    record_unrecorded(now);
  }
  if (emitted.empty()) record_unrecorded(now);
  for (const auto& t : emitted)
    for (const auto& o : observers_) o(t);
}

void FloorWatch::record_unrecorded(TimestampMs now) {
  // In order, up to 256 in one transaction (a burst of transitions must not take the
  // store's write lock back to back while ingest waits for it); what the store refuses
  // waits for the next flush (every tick at least).
  while (!unrecorded_.empty()) {
    const std::size_t n = std::min<std::size_t>(unrecorded_.size(), 256);
    std::vector<store::TransitionRecord> chunk(
        std::make_move_iterator(unrecorded_.begin()),
        std::make_move_iterator(unrecorded_.begin() + static_cast<long>(n)));
    try {
      alerts_.record_all(chunk, now);
    } catch (const std::exception& e) {
      std::cerr << "vigie: cannot record alert transition " << chunk.front().key << ": " << e.what()
                << "; " << unrecorded_.size() << " waiting, tried again" << std::endl;
      std::move(chunk.begin(), chunk.end(), unrecorded_.begin());
      return;
    }
    unrecorded_.erase(unrecorded_.begin(), unrecorded_.begin() + static_cast<long>(n));
  }
}

}  // namespace vigie::watch
