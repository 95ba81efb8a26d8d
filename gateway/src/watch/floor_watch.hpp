// The référentiel engine running over what ingest commits: it rebuilds its
// state from the store at start, then receives each commit, ticks every
// second, and turns each alert transition into evidence (stored), an MQTT
// message and a nudge. All engine calls happen on one thread: the io_context
// given (live), or the caller's (replay, when no io_context is given).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
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

  void on_committed(std::vector<ingest::CommittedItem> items) override;
  void on_transition(const engine::AlertTransition& t) override;
  void on_nudge(const engine::Nudge& n) override;

  // Called after each transition is recorded (dashboard, replay output).
  void add_observer(Observer o) { observers_.push_back(std::move(o)); }
  // Called after each committed item reached the engine (live views).
  void add_item_observer(std::function<void(const ingest::CommittedItem&)> o) {
    item_observers_.push_back(std::move(o));
  }
  engine::Engine& engine() { return *engine_; }
  store::AlertRepository& alerts() { return alerts_; }

 private:
  void apply(const std::vector<ingest::CommittedItem>& items);
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
  std::vector<Observer> observers_;
  std::vector<std::function<void(const ingest::CommittedItem&)>> item_observers_;
};

}  // namespace vigie::watch
