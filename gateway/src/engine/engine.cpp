#include "engine/engine.hpp"

#include <algorithm>

#include "engine/kinds/registry.hpp"

namespace vigie::engine {
namespace {

constexpr std::int64_t kDefaultHold = 5 * kMsPerMinute;

std::int64_t hold_of(const CriterionDef* def) {
  return def ? def->criterion->duration("hold") : kDefaultHold;
}

}  // namespace

Engine::Engine(EngineOptions options, TransitionSink& sink)
    : options_(std::move(options)),
      book_(AlertBook::Identity{options_.site, options_.referentiel.name,
                                options_.referentiel.version, options_.referentiel.profile},
            sink) {
  // defs_ point into options_.referentiel and rules point into defs_: neither moves again.
  defs_.reserve(options_.referentiel.criteria.size());
  for (const auto& c : options_.referentiel.criteria) defs_.push_back(describe(c));
  for (const auto& d : defs_) {
    switch (d.criterion->scope) {
      case referentiel::Scope::agent:
        agent_defs_.push_back(&d);
        break;
      case referentiel::Scope::team:
        team_defs_.push_back(&d);
        break;
      case referentiel::Scope::zone:
        zone_defs_.push_back(&d);
        break;
      case referentiel::Scope::node:
        if (d.kind->kind == referentiel::Kind::node_lost && !lost_def_) lost_def_ = &d;
        if (d.kind->kind == referentiel::Kind::data_gap && !gap_def_) gap_def_ = &d;
        if (d.kind->kind == referentiel::Kind::node_refused && !refused_def_) refused_def_ = &d;
        break;
    }
  }
}

Engine::~Engine() = default;

TimestampMs Engine::gateway_now() const {
  return wall_ ? wall_->now() : site_clock_;
}

NodeState& Engine::node(const std::string& name) {
  auto it = nodes_.find(name);
  if (it == nodes_.end()) {
    it = nodes_.emplace(name, NodeState(name, node_count_++)).first;
    by_handle_.push_back(&it->second);
    is_marked_.push_back(false);
    mark(it->second.handle());
  }
  return it->second;
}

// Calls f on each subject `n` reports; their alerts may change, so they are rescheduled.
template <typename F>
void Engine::for_subjects_of(const NodeState& n, F&& f) {
  for (std::uint32_t h = 0; h < subjects_.size(); ++h) {
    SubjectState& s = *subjects_[h];
    if (s.node_handle() != n.handle() || s.node().empty()) continue;
    f(s);
    s.refresh();
    reschedule(h);
  }
}

void Engine::reschedule(std::uint32_t handle) {
  const SubjectState& s = *subjects_[handle];
  deadlines_.schedule(handle, s.node_handle(), s.next());
  mark(s.node_handle());
}

// ---- nodes -------------------------------------------------------------------

void Engine::set_wall_clock(const WallClock* clock) {
  wall_ = clock;
  live_since_ = clock ? clock->now() : kBeforeTime;
  // Gateway time may be of another kind than before (recorded, then live):
  // silence is counted from now on.
  for (auto& [name, n] : nodes_) n.last_arrival = kBeforeTime;
  seen_now_ = std::max(seen_now_, live_since_);
}

void Engine::on_node_birth(const NodeBirth& birth) {
  NodeState& n = node(birth.node);
  catch_up(n);
  n.epoch = birth.epoch;
  n.last_arrival = gateway_now();
  node_returned(n);
  after_input(&n);
}

void Engine::on_node_state(const std::string& name, const NodeStateReport& report) {
  NodeState& n = node(name);
  catch_up(n);
  if (!report.epoch.empty()) n.epoch = report.epoch;
  switch (report.state) {
    case NodeStatus::online:
      n.last_arrival = gateway_now();
      node_returned(n);
      break;
    case NodeStatus::offline:
      // A clean goodbye: its clock stops, but it is not lost.
      if (!n.lost) n.status = NodeStatus::offline;
      break;
    case NodeStatus::lost:
      if (n.lost) break;
      n.lost = true;
      n.status = NodeStatus::lost;
      // Gateway time, or (before any, in replay) the report's own time.
      n.lost_at = gateway_now() != kBeforeTime ? gateway_now() : report.ts;
      n.lost_span_start = n.latest_ts != kBeforeTime ? n.latest_ts : report.ts;
      if (lost_def_)
        book_.open(n.lost_alert, *lost_def_, node_scope(n), AlertState::pending, n.lost_at,
                   n.lost_span_start, 0.0);
      break;
  }
  after_input(&n);
}

void Engine::node_returned(NodeState& n) {
  n.status = NodeStatus::online;
  if (!n.lost) return;
  n.lost = false;
  const TimestampMs now = gateway_now();
  if (n.lost_alert.open())
    book_.resolve(n.lost_alert, node_scope(n), now, minutes(now - n.lost_at));
  if (n.lost_nodata) {
    for_subjects_of(n, [&](SubjectState& s) {
      const RuleScope sc = s.scope(book_);
      const TimestampMs at = std::max(now, s.now());
      if (s.nodata().open()) book_.resolve(s.nodata(), sc, at);
      s.for_each_open([&](Occurrence& o) { book_.restore(o, sc, at); });
    });
    n.lost_nodata = false;
  }
  // Give it `silence` to send its backlog before its clock follows the gateway's.
  n.last_arrival = now;
}

void Engine::check_node_timers() {
  const TimestampMs now = gateway_now();
  if (now == kBeforeTime) return;
  for (auto& [name, n] : nodes_) {
    if (n.lost && !n.lost_nodata && now >= n.lost_at + hold_of(lost_def_)) {
      const TimestampMs at = n.lost_at + hold_of(lost_def_);
      if (lost_def_) {
        book_.fire(n.lost_alert, *lost_def_, node_scope(n), at, n.lost_span_start,
                   minutes(at - n.lost_at));
        // From its last event on, its subjects show nodata rather than compliance.
        for_subjects_of(n, [&](SubjectState& s) {
          if (!s.judged()) return;
          const RuleScope sc = s.scope(book_);
          const TimestampMs from = std::max(n.lost_span_start, s.now());
          s.for_each_open([&](Occurrence& o) { book_.suspend(o, sc, from); });
          book_.open(s.nodata(), *lost_def_, sc, AlertState::nodata, from, n.lost_span_start,
                     std::nullopt);
        });
      }
      n.lost_nodata = true;
    }
    if (n.refused_alert.open() && now >= n.refused_last + hold_of(refused_def_)) {
      book_.resolve(n.refused_alert, node_scope(n), n.refused_last + hold_of(refused_def_),
                    static_cast<double>(n.refused_events));
      n.refused_events = 0;
    }
  }
}

// ---- events ------------------------------------------------------------------

void Engine::on_event(const NodeEpoch& source, const Event& e) {
  ++stats_.events;
  NodeState& n = node(source.node);
  catch_up(n);
  n.epoch = source.epoch;
  site_clock_ = std::max(site_clock_, e.ts);
  n.last_arrival = gateway_now();
  // A node that publishes is back, whatever its retained state said.
  if (n.lost || n.status != NodeStatus::online) node_returned(n);
  apply(n, e);
  after_input(&n);
}

// SYS-02 fires at the hole's end plus `hold` in event time, live and in replay alike,
// and each subject of the node keeps the trace of the span without data.
void Engine::on_data_gap(const NodeEpoch& source, const DataGap& gap) {
  ++stats_.data_gaps;
  NodeState& n = node(source.node);
  catch_up(n);
  n.epoch = source.epoch;
  if (gap_def_) {
    const TimestampMs from = gap.from_ts.value_or(gap.to_ts);
    const TimestampMs at = gap.to_ts + hold_of(gap_def_);
    Occurrence alert;
    book_.fire(alert, *gap_def_, node_scope(n), at, from, minutes(at - gap.to_ts));
    book_.resolve(alert, node_scope(n), at);
    for_subjects_of(n, [&](SubjectState& s) {
      if (!s.judged()) return;
      const RuleScope sc = s.scope(book_);
      Occurrence span;
      const TimestampMs start = std::max(from, s.now());
      book_.open(span, *gap_def_, sc, AlertState::nodata, start, from, std::nullopt);
      book_.resolve(span, sc, std::max(gap.to_ts, start));
    });
  }
  after_input(&n);
}

void Engine::on_watermark(const NodeEpoch& source, TimestampMs until) {
  NodeState& n = node(source.node);
  catch_up(n);
  n.epoch = source.epoch;
  site_clock_ = std::max(site_clock_, until);
  n.last_arrival = gateway_now();
  n.note_watermark(until);
  after_input(&n);
}

// SYS-03 on gateway time, like SYS-01: it is about how the node behaves at the gateway.
void Engine::on_node_refused(const std::string& name, std::uint64_t events) {
  NodeState& n = node(name);
  catch_up(n);
  const TimestampMs now = gateway_now();
  n.refused_events += events;
  n.refused_last = now;
  if (refused_def_)
    book_.fire(n.refused_alert, *refused_def_, node_scope(n), now, now,
               static_cast<double>(n.refused_events));
  after_input(&n);
}

void Engine::on_holding(const std::string& name, bool holding) {
  NodeState& n = node(name);
  catch_up(n);
  n.holding = holding;
  after_input(&n);
}

void Engine::apply(NodeState& n, const Event& e) {
  n.note_applied(e);
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, AgentStateChange>) {
          apply_agent_state(n, e.ts, body);
        } else if constexpr (std::is_same_v<T, CallTagged>) {
          const std::uint32_t h = agent_at(body.agent, n);
          AgentStateMachine& a = agent_state(h);
          const TimestampMs t = std::max(e.ts, a.now());
          stats_.late += t != e.ts;
          a.advance_to(t, book_);
          a.apply_tag(t, body, book_);
          reschedule(h);
        } else if constexpr (std::is_same_v<T, ShiftScheduled>) {
          // A planning feed may be another node than the ACD: it does not take the agent over,
          // nor move the agent's time (the ACD's events may still be on their way): the shift
          // is judged at its own ts, the agent's time left to the node reporting its activity.
          auto found = agents_.find(body.agent);
          const std::uint32_t h = found == agents_.end() ? agent_at(body.agent, n) : found->second;
          AgentStateMachine& a = agent_state(h);
          const TimestampMs t = std::max(e.ts, a.now());
          stats_.late += t != e.ts;
          a.apply_shift(t, body, book_);
          reschedule(h);
        } else if constexpr (std::is_same_v<T, EnvSample>) {
          if (zone_defs_.empty()) return;
          auto [it, fresh] =
              zones_.try_emplace(body.zone, static_cast<std::uint32_t>(subjects_.size()));
          if (fresh) subjects_.push_back(std::make_unique<ZoneState>(body.zone, zone_defs_));
          auto& z = static_cast<ZoneState&>(*subjects_[it->second]);
          z.set_node(n.name(), n.handle());
          const TimestampMs t = std::max(e.ts, z.now());
          stats_.late += t != e.ts;
          z.advance_to(t, book_);
          z.apply_sample(t, body, book_);
          reschedule(it->second);
        }
      },
      e.body);
}

std::uint32_t Engine::agent_at(const std::string& id, const NodeState& n) {
  auto [it, fresh] = agents_.try_emplace(id, static_cast<std::uint32_t>(subjects_.size()));
  if (fresh)
    subjects_.push_back(std::make_unique<AgentStateMachine>(
        id, options_.zone, options_.referentiel.mapping, options_.referentiel.time_model.shift_gap,
        agent_defs_));
  subjects_[it->second]->set_node(n.name(), n.handle());
  return it->second;
}

void Engine::apply_agent_state(NodeState& n, TimestampMs ts, const AgentStateChange& c) {
  const std::uint32_t h = agent_at(c.agent, n);
  AgentStateMachine& a = agent_state(h);
  const TimestampMs t = std::max(ts, a.now());
  stats_.late += t != ts;
  a.advance_to(t, book_);
  const WorkingTime& wt = a.working_time();
  Engagement before = wt.known() ? engagement_of(wt.state()) : Engagement::none;
  const Engagement after = engagement_of(c.state);
  if (a.team() != c.team) {
    if (!a.team().empty()) engage(a.team(), n, t, before, Engagement::none);
    a.set_team(c.team);
    before = Engagement::none;
  }
  if (before != after) engage(c.team, n, t, before, after);
  a.apply_state(t, c, book_);
  reschedule(h);
}

void Engine::engage(const std::string& team, const NodeState& n, TimestampMs t, Engagement from,
                    Engagement to) {
  if (team_defs_.empty() || team.empty()) return;
  auto [it, fresh] = teams_.try_emplace(team, static_cast<std::uint32_t>(subjects_.size()));
  if (fresh) subjects_.push_back(std::make_unique<TeamState>(team, team_defs_));
  auto& tm = static_cast<TeamState&>(*subjects_[it->second]);
  tm.set_node(n.name(), n.handle());
  const TimestampMs at = std::max(t, tm.now());
  tm.advance_to(at, book_);
  tm.change(at, from, to);
  reschedule(it->second);
}

// ---- clocks --------------------------------------------------------------------

void Engine::advance_node(NodeState& n) {
  const auto& tm = options_.referentiel.time_model;
  const TimestampMs clock = n.advance_clock(gateway_now(), live_since_, tm.silence, tm.lateness);
  while (auto handle = deadlines_.pop_due(n.handle(), clock)) {
    subjects_[*handle]->advance_to(clock, book_);
    reschedule(*handle);
  }
}

void Engine::catch_up(NodeState& n) {
  const auto& tm = options_.referentiel.time_model;
  n.advance_clock(seen_now_, live_since_, tm.silence, tm.lateness);
}

void Engine::mark(std::uint32_t node_handle) {
  if (node_handle >= is_marked_.size() || is_marked_[node_handle]) return;
  is_marked_[node_handle] = true;
  marked_.push_back(node_handle);
}

// Lowers wake_now_ to when `n` next needs a visit without being marked: its SYS-01 or
// SYS-03 timer falls due, or gateway time, making it silent, moves its clock to its earliest
// deadline.
void Engine::lower_wake(const NodeState& n) {
  TimestampMs at_now = kNever;
  if (n.lost && !n.lost_nodata) at_now = n.lost_at + hold_of(lost_def_);
  if (n.refused_alert.open()) at_now = std::min(at_now, n.refused_last + hold_of(refused_def_));
  const TimestampMs due = deadlines_.earliest(n.handle());
  const TimestampMs quiet_from = std::max(n.last_arrival, live_since_);
  if (due != kNever && n.follows_time() && quiet_from != kBeforeTime) {
    const auto& tm = options_.referentiel.time_model;
    const TimestampMs reach = due + tm.lateness;  // the clock follows time less `lateness`
    at_now = std::min(at_now, std::max(quiet_from + tm.silence, reach));
  }
  wake_now_ = std::min(wake_now_, at_now);
}

// After each input, as at each tick, every node's clock follows the gateway and site
// clocks and pops its due deadlines, live as in replay. The result is that of visiting
// every node in name order; only the nodes that can have something to do are visited.
void Engine::after_input(NodeState* touched) {
  if (touched) mark(touched->handle());
  for (std::uint32_t h : marked_) lower_wake(*by_handle_[h]);
  const TimestampMs now = std::max(seen_now_, gateway_now());
  if (options_.visit_every_node || now >= wake_now_)
    pass_all();
  else
    pass_marked();
}

void Engine::pass_all() {
  for (auto& [name, n] : nodes_) catch_up(n);
  check_node_timers();
  for (auto& [name, n] : nodes_) advance_node(n);
  seen_now_ = std::max(seen_now_, gateway_now());
  for (std::uint32_t h : marked_) is_marked_[h] = false;
  marked_.clear();
  wake_now_ = kNever;
  for (const auto& [name, n] : nodes_) lower_wake(n);
}

void Engine::pass_marked() {
  std::vector<std::uint32_t> visit;
  visit.swap(marked_);
  for (std::uint32_t h : visit) is_marked_[h] = false;
  std::sort(visit.begin(), visit.end(), [&](std::uint32_t a, std::uint32_t b) {
    return by_handle_[a]->name() < by_handle_[b]->name();
  });
  for (std::uint32_t h : visit) {
    NodeState& n = *by_handle_[h];
    catch_up(n);
    advance_node(n);
  }
  seen_now_ = std::max(seen_now_, gateway_now());
  for (std::uint32_t h : visit) lower_wake(*by_handle_[h]);
  visit.clear();
  if (marked_.empty()) marked_.swap(visit);  // keep the capacity
}

void Engine::tick() {
  after_input(nullptr);
}

// ---- alerts and views ----------------------------------------------------------

std::optional<Alert> Engine::acknowledge(const std::string& id, const Ack& ack) {
  return book_.acknowledge(id, ack);
}

std::optional<Alert> Engine::justify(const std::string& id, const Justification& j) {
  return book_.justify(id, j);
}

std::optional<TimestampMs> Engine::node_clock(const std::string& name) const {
  auto it = nodes_.find(name);
  if (it == nodes_.end()) return std::nullopt;
  const auto& tm = options_.referentiel.time_model;
  return it->second.clock_at(seen_now_, live_since_, tm.silence, tm.lateness);
}

std::optional<AgentView> Engine::agent(const std::string& id) const {
  auto it = agents_.find(id);
  if (it == agents_.end()) return std::nullopt;
  const auto& a = static_cast<const AgentStateMachine&>(*subjects_[it->second]);
  const WorkingTime& wt = a.working_time();
  AgentView v;
  v.agent = id;
  v.team = a.team();
  v.node = a.node();
  v.state = wt.state();
  v.reason = wt.reason();
  v.activity = wt.activity();
  v.since = wt.state_since();
  if (wt.day_open()) {
    v.work_day = wt.day().date;
    auto clock = node_clock(a.node()).value_or(a.now());
    v.counted_to = std::max(clock, a.now());
    v.work_day_ms = wt.day_work(*v.counted_to);
    v.pause_day_ms = wt.day_pause(*v.counted_to);
  }
  if (const auto p = wt.last_real_pause()) v.last_real_pause_end = p->end;
  return v;
}

std::vector<std::string> Engine::agents() const {
  std::vector<std::string> out;
  out.reserve(agents_.size());
  for (const auto& [id, h] : agents_) out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

std::int64_t Engine::history_needed() const {
  // A work day (a night shift, a split shift) and its boundaries: two days at least.
  std::int64_t need = 2 * kMsPerDay;
  for (const auto& d : defs_)
    if (d.kind->history) need = std::max(need, d.kind->history(*d.criterion));
  return need;
}

EngineStats Engine::stats() const {
  EngineStats s = stats_;
  s.suppressed = book_.suppressed();
  s.agents = agents_.size();
  s.teams = teams_.size();
  s.zones = zones_.size();
  s.nodes = nodes_.size();
  s.active_alerts = book_.active_count();
  s.scheduled = deadlines_.size();
  return s;
}

}  // namespace vigie::engine
