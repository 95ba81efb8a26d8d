// The referentiel engine of one site: domain events in, alert transitions
// out, in event time (referentiel spec, "Time model"). Pure computation: no
// MQTT, no SQL, no HTTP, no threads; the caller serialises all calls.
//
// Feeding it (ingest decides order: docs/architecture.md, "Time and order"):
//   on_node_birth / on_node_state  the node's birth and state topics
//   on_event                       each node's events, in seq order
//   on_data_gap                    a hole given up: its seqs will never come
//   on_watermark                   nothing else happened at the node before it
//   on_holding                     whether ingest holds the node's next events
//                                  back for a hole (its clock then waits)
//   on_node_refused                ingest refused some of the node's events for
//                                  going over its own quota (SYS-03)
//   tick                           periodically (live: every ~1 s); deadlines
//                                  fire when a node's clock passes them, with
//                                  no event needed
// Transitions and nudges go to the TransitionSink as they happen.
//
// Clocks: each node's clock moves with its own events and watermarks only.
// A node that never sent a watermark and has been silent for 10 s of gateway
// time (from its last message, or from set_wall_clock(), whichever is later)
// follows gateway time less the lateness allowance. Gateway time is the wall
// clock given to set_wall_clock(): the system clock live; during a rebuild the
// times the store recorded; in replay the capture's. Without one, it is the
// site clock (the latest event time of any node). After a restart:
// set_recorded() with the transitions the store has, replay the stored
// history, then set_wall_clock() and go live: nothing is missed nor emitted
// twice.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/event.hpp"
#include "engine/agent_state.hpp"
#include "engine/alert_book.hpp"
#include "engine/clock.hpp"
#include "engine/deadline_index.hpp"
#include "engine/node_state.hpp"
#include "engine/team_state.hpp"
#include "engine/time_zone.hpp"
#include "engine/transition.hpp"
#include "engine/zone_state.hpp"
#include "referentiel/referentiel.hpp"

namespace vigie::engine {

struct EngineOptions {
  std::string site;
  TimeZone zone = TimeZone::utc();
  referentiel::ActiveReferentiel referentiel;
  // Visit every node after each input and tick, as the engine did before it learnt to
  // skip the nodes with nothing to do: the reference its tests compare against.
  bool visit_every_node = false;
};

struct EngineStats {
  std::uint64_t events = 0;
  std::uint64_t late = 0;        // applied later than their ts (after their subject's time)
  std::uint64_t data_gaps = 0;   // holes given up
  std::uint64_t suppressed = 0;  // transitions already recorded, not re-emitted
  std::size_t agents = 0, teams = 0, zones = 0, nodes = 0;
  std::size_t active_alerts = 0;
  std::size_t scheduled = 0;  // subjects with a pending deadline
};

// What GET /api/v1/agents shows of an agent.
struct AgentView {
  std::string agent;
  std::string team;
  std::string node;
  AgentState state = AgentState::logged_out;
  std::optional<NotReadyReason> reason;
  referentiel::Activity activity = referentiel::Activity::off;
  TimestampMs since = 0;
  std::optional<CivilDate> work_day;
  TimestampMs work_day_ms = 0;   // the open work day's work up to the agent's node clock
  TimestampMs pause_day_ms = 0;  // and its pause (not off)
  // The instant the two figures above are counted to: the node's clock or the agent's own
  // latest event, whichever is later (unset while no work day is open).
  std::optional<TimestampMs> counted_to;
  std::optional<TimestampMs> last_real_pause_end;  // a break of 20 min or more ended then
};

class Engine {
 public:
  Engine(EngineOptions options, TransitionSink& sink);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Gateway time from now on (null: the site clock). Silent nodes are counted
  // silent from this call on: what came before it is no measure of silence.
  void set_wall_clock(const WallClock* clock);
  void set_recorded(const RecordedTransitions* recorded) { book_.set_recorded(recorded); }

  void on_node_birth(const NodeBirth& birth);
  void on_node_state(const std::string& node, const NodeStateReport& report);
  void on_event(const NodeEpoch& source, const Event& event);
  void on_data_gap(const NodeEpoch& source, const DataGap& gap);
  void on_watermark(const NodeEpoch& source, TimestampMs until);
  void on_holding(const std::string& node, bool holding);
  // Ingest refused EVENTS of the node for going over its own quota (SYS-03).
  void on_node_refused(const std::string& node, std::uint64_t events);
  void tick();

  // nullopt if no active alert has that id.
  std::optional<Alert> acknowledge(const std::string& id, const Ack& ack);
  std::optional<Alert> justify(const std::string& id, const Justification& j);
  std::vector<Alert> active_alerts() const { return book_.active(); }
  template <class F>
  void for_each_active_alert(F&& f) const {
    book_.for_each_active(std::forward<F>(f));
  }
  template <class F>
  void for_each_active_alert_of(const Subject& subject, F&& f) const {
    book_.for_each_active_of(subject, std::forward<F>(f));
  }
  std::optional<Alert> find_alert(const std::string& id) const { return book_.find(id); }

  // Wall clock if set, else the site clock.
  TimestampMs gateway_now() const;
  TimestampMs site_clock() const { return site_clock_; }
  std::optional<TimestampMs> node_clock(const std::string& node) const;
  std::optional<AgentView> agent(const std::string& id) const;
  std::vector<std::string> agents() const;
  // How far back stored events must be replayed to rebuild every rule's state.
  std::int64_t history_needed() const;
  EngineStats stats() const;
  const referentiel::ActiveReferentiel& active_referentiel() const { return options_.referentiel; }
  const TimeZone& zone() const { return options_.zone; }

 private:
  NodeState& node(const std::string& name);
  void apply(NodeState& n, const Event& e);
  void apply_agent_state(NodeState& n, TimestampMs t, const AgentStateChange& c);
  void engage(const std::string& team, const NodeState& n, TimestampMs t, Engagement from,
              Engagement to);
  // The agent's handle, created if new, now reported by `n`.
  std::uint32_t agent_at(const std::string& id, const NodeState& n);
  AgentStateMachine& agent_state(std::uint32_t handle) {
    return static_cast<AgentStateMachine&>(*subjects_[handle]);
  }
  // Clock passes (see after_input).
  void advance_node(NodeState& n);
  void after_input(NodeState* touched);
  void pass_all();
  void pass_marked();
  void catch_up(NodeState& n);
  void mark(std::uint32_t node_handle);
  void lower_wake(const NodeState& n);
  void check_node_timers();
  void node_returned(NodeState& n);
  void reschedule(std::uint32_t handle);
  RuleScope node_scope(NodeState& n) { return RuleScope{book_, n.subject(), n.name()}; }
  template <typename F>
  void for_subjects_of(const NodeState& n, F&& f);

  EngineOptions options_;
  std::vector<CriterionDef> defs_;
  std::vector<const CriterionDef*> agent_defs_, team_defs_, zone_defs_;
  const CriterionDef* lost_def_ = nullptr;
  const CriterionDef* gap_def_ = nullptr;
  const CriterionDef* refused_def_ = nullptr;
  AlertBook book_;
  const WallClock* wall_ = nullptr;
  TimestampMs live_since_ = kBeforeTime;  // when the wall clock was set
  TimestampMs site_clock_ = kBeforeTime;

  std::map<std::string, NodeState> nodes_;  // ordered: ticks visit nodes in a fixed order
  std::uint32_t node_count_ = 0;
  std::vector<NodeState*> by_handle_;
  // A pass need not visit a node whose clock cannot reach its earliest deadline nor its
  // timers: only the marked ones (touched, or a subject of theirs rescheduled), unless the
  // gateway time reaches wake_now_, the earliest time at which some node needs a visit. A
  // node left alone keeps its clock as of an older pass; clocks only move forward, so
  // catching up with the latest pass's time gives the same value.
  std::vector<std::uint32_t> marked_;
  std::vector<bool> is_marked_;
  TimestampMs seen_now_ = kBeforeTime;  // the latest gateway time of any pass
  TimestampMs wake_now_ = kBeforeTime;
  std::vector<std::unique_ptr<SubjectState>> subjects_;  // handle = index
  std::unordered_map<std::string, std::uint32_t> agents_, teams_, zones_;
  DeadlineIndex deadlines_;
  EngineStats stats_;
};

}  // namespace vigie::engine
