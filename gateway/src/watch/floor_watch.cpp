#include "watch/floor_watch.hpp"

#include <boost/asio/post.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "store/history_reader.hpp"

namespace vigie::watch {
namespace {

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

// Stored history, fed to the engine as ingest once fed it.
class Rebuilder final : public store::HistoryVisitor {
 public:
  explicit Rebuilder(engine::Engine& e) : e_(e) {}
  void birth(const NodeBirth& b) override { e_.on_node_birth(b); }
  void node_state(const std::string& node, const NodeStateReport& r) override {
    e_.on_node_state(node, r);
  }
  void gap_opened(const NodeEpoch& s, std::uint64_t from, std::uint64_t to,
                  std::optional<TimestampMs> from_ts, std::optional<TimestampMs> to_ts) override {
    e_.on_gap_opened(s, {from, to, from_ts, to_ts});
  }
  void gap_closed(const NodeEpoch& s, std::uint64_t from) override { e_.on_gap_closed(s, from); }
  void event(const NodeEpoch& s, const Event& ev) override {
    e_.on_event(s, ev);
    e_.tick();
    ++events;
  }
  std::uint64_t events = 0;

 private:
  engine::Engine& e_;
};

}  // namespace

FloorWatch::FloorWatch(engine::EngineOptions options, store::Database& db,
                       notify::AlertPublisher* publisher, boost::asio::io_context* io)
    : db_(db), alerts_(db), publisher_(publisher), io_(io) {
  engine_ = std::make_unique<engine::Engine>(std::move(options), *this);
}

std::uint64_t FloorWatch::rebuild(TimestampMs now) {
  for (auto& key : alerts_.transition_keys()) recorded_.add(std::move(key));
  engine_->set_recorded(&recorded_);
  engine_->set_wall_clock(nullptr);
  Rebuilder feed(*engine_);
  store::read_history(db_, now - engine_->history_needed(), feed);
  engine_->tick();
  // Acknowledgements and justifications of open alerts live in the store:
  // apply them again (their transitions are already recorded, so not re-emitted).
  for (const auto& text : alerts_.open_alerts_json()) {
    const auto a = nlohmann::json::parse(text);
    const std::string id = a.value("id", "");
    if (a.contains("acked") && a["acked"].is_object())
      engine_->acknowledge(id, {a["acked"].value("by", ""), a["acked"].value("at", TimestampMs{0}),
                                a["acked"].value("note", "")});
    if (a.contains("justified") && a["justified"].is_object()) {
      const auto& j = a["justified"];
      engine_->justify(id, {j.value("by", ""), j.value("at", TimestampMs{0}), j.value("reason", ""),
                            j.value("note", "")});
    }
  }
  if (publisher_)
    for (const auto& a : engine_->active_alerts()) publisher_->remember(a);
  return feed.events;
}

void FloorWatch::go_live(const engine::WallClock& clock, std::chrono::milliseconds tick) {
  engine_->set_wall_clock(&clock);
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
    engine_->tick();
    schedule_tick();
  });
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
  // From Paho's thread to the engine's.
  boost::asio::post(*io_, [this, items = std::move(items)] { apply(items); });
}

void FloorWatch::apply(const std::vector<ingest::CommittedItem>& items) {
  for (const auto& item : items) {
    std::visit(
        [&](const auto& i) {
          using T = std::decay_t<decltype(i)>;
          if constexpr (std::is_same_v<T, ingest::NodeBorn>)
            engine_->on_node_birth(i.birth);
          else if constexpr (std::is_same_v<T, ingest::NodeStateChanged>)
            engine_->on_node_state(i.node, i.report);
          else if constexpr (std::is_same_v<T, ingest::GapOpened>)
            engine_->on_gap_opened(i.source,
                                   {i.span.from_seq, i.span.to_seq, i.span.from_ts, i.span.to_ts});
          else if constexpr (std::is_same_v<T, ingest::GapClosed>)
            engine_->on_gap_closed(i.source, i.from_seq);
          else if constexpr (std::is_same_v<T, ingest::Stored>)
            engine_->on_event(i.source, i.event);
          // A consumed seq opens no hole: nothing for the engine to wait for.
        },
        item);
    // Deadlines fire as event time moves, after each item, live as in replay:
    // the same input then walks the same instants (per-minute checks included).
    engine_->tick();
    for (const auto& o : item_observers_) o(item);
  }
}

void FloorWatch::on_transition(const engine::AlertTransition& t) {
  // Published first: the alert is derived from events already committed, so a crash
  // before it is recorded loses nothing (the rebuild derives it again, records it and
  // publishes it once more, retained, the same). Recording first would put a second
  // synchronous commit between an event and its alert.
  if (publisher_) publisher_->publish(t);
  try {
    alerts_.record(record_of(t), engine_->gateway_now());
  } catch (const std::exception& e) {
    // Not recorded: the next rebuild derives it again and records it then.
    std::cerr << "vigie: cannot record alert transition " << t.key << ": " << e.what() << std::endl;
  }
  for (const auto& o : observers_) o(t);
}

void FloorWatch::on_nudge(const engine::Nudge& n) {
  if (publisher_) publisher_->nudge(n);
}

}  // namespace vigie::watch
