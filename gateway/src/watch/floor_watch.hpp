// The référentiel engine running over what ingest commits: it rebuilds its
// state from the store at start, then receives each commit, ticks every
// second, and turns each alert transition into evidence (stored), an MQTT
// message and a nudge. Live, commits and ticks run on the io_context given
// (the engine's own thread, never the one serving HTTP); in replay, on the
// caller's. Others (HTTP) reach the engine through with_engine(), under a
// lock that is only ever held for work in memory: what the engine emits is
// recorded and published afterwards, on the engine's thread, so a store that
// refuses writes never makes a reader wait.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "engine/engine.hpp"
#include "ingest/committed.hpp"
#include "notify/alert_publisher.hpp"
#include "store/alert_repository.hpp"
#include "store/database.hpp"

namespace vigie::watch {

class FloorWatch final : public ingest::CommittedListener, public engine::TransitionSink {
 public:
  using Observer = std::function<void(const engine::AlertTransition&)>;

  // DB: a connection of the watch's own. PUBLISHER may be null (replay).
  FloorWatch(engine::EngineOptions options, store::Database& db, notify::AlertPublisher* publisher,
             boost::asio::io_context* io);

  // Rebuilds rule state from the store without emitting what it already holds.
  // Returns how many stored events were replayed.
  std::uint64_t rebuild(TimestampMs now);
  // Live: the wall clock drives silent nodes' clocks; ticks every TICK.
  void go_live(const engine::WallClock& clock, std::chrono::milliseconds tick);
  void stop();

  // From ingest's thread to the engine's. Up to kMaxHeldEvents events wait in memory; past
  // that, a commit's events wait as seq ranges and are read back from the store when the
  // engine gets to them (a backlog after an outage costs no memory, issue 15).
  void on_committed(std::vector<ingest::CommittedItem> items) override;
  static constexpr std::size_t kMaxHeldEvents = 5'000;
  void on_transition(const engine::AlertTransition& t) override;
  void on_nudge(const engine::Nudge& n) override;

  // Called after each transition is recorded (dashboard, replay output).
  void add_observer(Observer o) { observers_.push_back(std::move(o)); }
  // Called after each committed item reached the engine (live views).
  void add_item_observer(std::function<void(const ingest::CommittedItem&)> o) {
    item_observers_.push_back(std::move(o));
  }

  // Runs F(engine) under the engine's lock, from any thread, and returns what F
  // returns (F may return nothing). Transitions F causes are recorded and published on the engine's
  // thread.
  template <typename F>
  auto with_engine(F&& f) {
    bool emitted = false;
    struct Flush {
      FloorWatch& w;
      const bool& emitted;
      ~Flush() {
        if (emitted) w.flush_soon();
      }
    } flush{*this, emitted};
    std::lock_guard lock(mu_);
    struct Note {  // destroyed before the lock is released, after F (even if F throws)
      const FloorWatch& w;
      bool& emitted;
      ~Note() { emitted = !w.emitted_.empty() || !w.nudges_.empty(); }
    } note{*this, emitted};
    return f(*engine_);
  }
  // What never changes once built (zone, référentiel): no lock needed.
  const engine::Engine& engine() const { return *engine_; }
  // Replay only (one thread): the engine itself.
  engine::Engine& engine_for_replay() { return *engine_; }
  // A transition of an alert the engine no longer holds (an act on a resolved one),
  // recorded on the engine's thread like the others.
  void record_later(store::TransitionRecord record);

 private:
  // A run of one source's released events, in seq order, left in the store (on_committed).
  struct StoredRun {
    NodeEpoch source;
    std::uint64_t first = 0, last = 0;
    std::size_t count = 0;
  };
  using Waiting = std::variant<ingest::CommittedItem, StoredRun>;
  // The items again, each run read back from the store; engine thread only.
  std::vector<ingest::CommittedItem> read_back(std::vector<Waiting> waiting);
  void apply(const std::vector<ingest::CommittedItem>& items);
  void tick();
  // Records, publishes and tells the observers what the engine emitted; engine thread only.
  void flush();
  // Publishes, records and tells the observers, in order; engine thread only.
  void deliver(const std::vector<engine::AlertTransition>& emitted, TimestampMs now);
  void record_unrecorded(TimestampMs now);  // the store refuses: they wait for the next flush
  static constexpr std::size_t kSlice = 256;
  void flush_soon();
  void schedule_tick();

  store::Database& db_;
  store::AlertRepository alerts_;
  notify::AlertPublisher* publisher_;
  boost::asio::io_context* io_;
  engine::RecordedKeySet recorded_;
  std::unique_ptr<engine::Engine> engine_;
  std::optional<boost::asio::steady_timer> timer_;
  std::chrono::milliseconds tick_{1000};
  bool live_ = false;
  std::atomic<std::size_t> held_events_{0};  // Released items posted and not yet applied
  std::mutex mu_;                            // guards engine_ and what it emitted not yet flushed
  std::vector<engine::AlertTransition> emitted_;
  bool engine_turn_ = false;  // the engine's own thread holds mu_ (apply, tick): may deliver
  std::vector<engine::Nudge> nudges_;
  std::vector<store::TransitionRecord> acts_;       // record_later(), not yet flushed
  std::deque<store::TransitionRecord> unrecorded_;  // the store refused them: tried again
  std::vector<Observer> observers_;
  std::vector<std::function<void(const ingest::CommittedItem&)>> item_observers_;
};

}  // namespace vigie::watch
