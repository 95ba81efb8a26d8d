#include "engine/engine.hpp"

#include <algorithm>

#include "engine/kinds/factory.hpp"

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
        if (d.criterion->kind == "node_lost" && !lost_def_) lost_def_ = &d;
        if (d.criterion->kind == "data_gap" && !gap_def_) gap_def_ = &d;
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

void Engine::set_epoch(NodeState& n, const std::string& epoch) {
  if (n.epoch == epoch) return;
  const bool first = n.epoch.empty();
  n.epoch = epoch;
  if (first) return;
  // A wiped node store: the old sequence can no longer be filled.
  for (auto& g : n.gaps) {
    if (!g.abandoned) abandon(n, g);
    if (g.alert.open()) book_.resolve(g.alert, node_scope(n), gateway_now());
  }
  n.gaps.clear();
  n.missing.clear();
  drain(n);
  n.applied_max_seq = 0;
}

void Engine::on_node_birth(const NodeBirth& birth) {
  NodeState& n = node(birth.node);
  catch_up(n);
  set_epoch(n, birth.epoch);
  n.last_arrival = gateway_now();
  n.last_arrival_site = site_clock_;
  node_returned(n);
  after_input(&n);
}

void Engine::on_node_state(const std::string& name, const NodeStateReport& report) {
  NodeState& n = node(name);
  catch_up(n);
  if (!report.epoch.empty()) set_epoch(n, report.epoch);
  switch (report.state) {
    case NodeStatus::online:
      n.last_arrival = gateway_now();
      n.last_arrival_site = site_clock_;
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
      n.lost_at = gateway_now();
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
  n.last_arrival_site = site_clock_;
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
          const RuleScope sc = s.scope(book_);
          const TimestampMs from = std::max(n.lost_span_start, s.now());
          s.for_each_open([&](Occurrence& o) { book_.suspend(o, sc, from); });
          book_.open(s.nodata(), *lost_def_, sc, AlertState::nodata, from, n.lost_span_start,
                     std::nullopt);
        });
      }
      n.lost_nodata = true;
    }
    for (auto& g : n.gaps) {
      if (g.abandoned || now < g.opened_at + hold_of(gap_def_)) continue;
      const TimestampMs at = g.opened_at + hold_of(gap_def_);
      if (gap_def_)
        book_.fire(g.alert, *gap_def_, node_scope(n), at, g.before_ts, minutes(at - g.opened_at));
      abandon(n, g);
    }
  }
}

void Engine::abandon(NodeState& n, GapWatch& g) {
  g.abandoned = true;
  TimestampMs after = g.after_ts;
  if (after == kBeforeTime) after = n.held.empty() ? gateway_now() : n.held.begin()->second.ts;
  if (gap_def_) {
    // The span [before, after] had no data: each subject of the node keeps a trace of it.
    for_subjects_of(n, [&](SubjectState& s) {
      const RuleScope sc = s.scope(book_);
      Occurrence span;
      const TimestampMs from = std::max(g.before_ts, s.now());
      book_.open(span, *gap_def_, sc, AlertState::nodata, from, g.before_ts, std::nullopt);
      book_.resolve(span, sc, std::max(after, from));
    });
  }
  n.missing.remove(g.first_seq, g.last_seq);
  drain(n);
}

void Engine::on_gap_opened(const NodeEpoch& source, const GapReport& report) {
  NodeState& n = node(source.node);
  catch_up(n);
  set_epoch(n, source.epoch);
  GapWatch g;
  g.first_seq = report.first_seq;
  g.last_seq = std::max(report.first_seq, report.last_seq);
  g.before_ts = report.before_ts.value_or(n.latest_ts == kBeforeTime ? 0 : n.latest_ts);
  g.after_ts = report.after_ts.value_or(kBeforeTime);
  g.opened_at = gateway_now();
  // Hold later events back only if none was applied past the gap already.
  if (n.applied_max_seq < g.last_seq) {
    n.missing.add(std::max(g.first_seq, n.applied_max_seq + 1), g.last_seq);
    g.held = true;
  }
  if (gap_def_)
    book_.open(g.alert, *gap_def_, node_scope(n), AlertState::pending, g.opened_at, g.before_ts,
               0.0);
  n.gaps.push_back(std::move(g));
  after_input(&n);
}

void Engine::on_gap_closed(const NodeEpoch& source, std::uint64_t first_seq) {
  NodeState& n = node(source.node);
  catch_up(n);
  if (n.epoch != source.epoch) return;
  for (auto it = n.gaps.begin(); it != n.gaps.end(); ++it) {
    if (it->first_seq != first_seq) continue;
    n.missing.remove(it->first_seq, it->last_seq);
    if (it->alert.open()) book_.resolve(it->alert, node_scope(n), gateway_now());
    n.gaps.erase(it);
    break;
  }
  drain(n);
  after_input(&n);
}

// ---- events ------------------------------------------------------------------

void Engine::on_event(const NodeEpoch& source, const Event& e) {
  ++stats_.events;
  NodeState& n = node(source.node);
  catch_up(n);
  set_epoch(n, source.epoch);
  site_clock_ = std::max(site_clock_, e.ts);
  n.last_arrival = gateway_now();
  n.last_arrival_site = site_clock_;
  // A node that publishes is back, whatever its retained state said.
  if (n.lost || n.status != NodeStatus::online) node_returned(n);
  route(n, e);
  after_input(&n);
}

void Engine::route(NodeState& n, const Event& e) {
  for (auto& g : n.gaps)
    if (g.after_ts == kBeforeTime && e.seq > g.last_seq) g.after_ts = e.ts;
  if (n.missing.take(e.seq)) {
    n.held.emplace(e.seq, e);
    settle_gaps(n);
  } else if (auto m = n.missing.min(); m && e.seq > *m) {
    ++stats_.held_back;
    n.held.emplace(e.seq, e);
  } else if (e.seq != 0 && e.seq <= n.applied_max_seq &&
             std::any_of(n.gaps.begin(), n.gaps.end(), [&](const GapWatch& g) {
               return g.abandoned && e.seq >= g.first_seq && e.seq <= g.last_seq;
             })) {
    // Too late: its subjects were judged without it (the store keeps it).
    ++stats_.dropped;
    return;
  } else {
    apply(n, e);
  }
  drain(n);
}

void Engine::settle_gaps(NodeState& n) {
  for (auto it = n.gaps.begin(); it != n.gaps.end();) {
    if (!it->abandoned && it->held && !n.missing.intersects(it->first_seq, it->last_seq)) {
      if (it->alert.open()) book_.resolve(it->alert, node_scope(n), gateway_now());
      it = n.gaps.erase(it);
    } else {
      ++it;
    }
  }
}

void Engine::drain(NodeState& n) {
  while (!n.held.empty()) {
    auto it = n.held.begin();
    if (auto m = n.missing.min(); m && it->first > *m) break;
    Event e = std::move(it->second);
    n.held.erase(it);
    apply(n, e);
  }
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
          // A planning feed may be another node than the ACD: it does not take the agent over.
          auto found = agents_.find(body.agent);
          const std::uint32_t h = found == agents_.end() ? agent_at(body.agent, n) : found->second;
          AgentStateMachine& a = agent_state(h);
          const TimestampMs t = std::max(e.ts, a.now());
          stats_.late += t != e.ts;
          a.advance_to(t, book_);
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
  const TimestampMs clock = n.advance_clock(gateway_now(), site_clock_, tm.silence, tm.lateness);
  while (auto handle = deadlines_.pop_due(n.handle(), clock)) {
    subjects_[*handle]->advance_to(clock, book_);
    reschedule(*handle);
  }
}

void Engine::catch_up(NodeState& n) {
  const auto& tm = options_.referentiel.time_model;
  n.advance_clock(seen_now_, seen_site_, tm.silence, tm.lateness);
}

void Engine::mark(std::uint32_t node_handle) {
  if (node_handle >= is_marked_.size() || is_marked_[node_handle]) return;
  is_marked_[node_handle] = true;
  marked_.push_back(node_handle);
}

// Lowers wake_now_ / wake_site_ to when `n` next needs a visit without being marked: a
// timer of its own (SYS-01, SYS-02) falls due, or the gateway or site clock, making it
// silent, moves its clock to its earliest deadline.
void Engine::lower_wake(const NodeState& n) {
  TimestampMs at_now = kNever, at_site = kNever;
  if (n.lost && !n.lost_nodata) at_now = n.lost_at + hold_of(lost_def_);
  for (const auto& g : n.gaps)
    if (!g.abandoned) at_now = std::min(at_now, g.opened_at + hold_of(gap_def_));
  const TimestampMs due = deadlines_.earliest(n.handle());
  if (due != kNever && n.follows_time()) {
    const auto& tm = options_.referentiel.time_model;
    const TimestampMs reach = due + tm.lateness;  // the clock follows time less `lateness`
    if (n.last_arrival != kBeforeTime)
      at_now = std::min(at_now, std::max(n.last_arrival + tm.silence, reach));
    if (n.last_arrival_site != kBeforeTime)
      at_site = std::min(at_site, std::max(n.last_arrival_site + tm.silence, reach));
  }
  wake_now_ = std::min(wake_now_, at_now);
  wake_site_ = std::min(wake_site_, at_site);
}

// After each input, as at each tick, every node's clock follows the gateway and site
// clocks and pops its due deadlines, live as in replay. The result is that of visiting
// every node in name order; only the nodes that can have something to do are visited.
void Engine::after_input(NodeState* touched) {
  if (touched) mark(touched->handle());
  for (std::uint32_t h : marked_) lower_wake(*by_handle_[h]);
  const TimestampMs now = std::max(seen_now_, gateway_now());
  if (options_.visit_every_node || now >= wake_now_ || site_clock_ >= wake_site_)
    pass_all();
  else
    pass_marked();
}

void Engine::pass_all() {
  for (auto& [name, n] : nodes_) catch_up(n);
  check_node_timers();
  for (auto& [name, n] : nodes_) advance_node(n);
  seen_now_ = std::max(seen_now_, gateway_now());
  seen_site_ = site_clock_;
  for (std::uint32_t h : marked_) is_marked_[h] = false;
  marked_.clear();
  wake_now_ = wake_site_ = kNever;
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
  seen_site_ = site_clock_;
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
  return it->second.clock_at(seen_now_, seen_site_, tm.silence, tm.lateness);
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
    v.work_day_ms = wt.day_work(std::max(clock, a.now()));
    v.pause_day_ms = wt.day_pause(std::max(clock, a.now()));
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
  for (const auto& d : defs_) {
    const auto& c = *d.criterion;
    if (c.kind == "rest_in_window") need = std::max(need, c.duration("window") + kMsPerDay);
    if (c.kind == "work_average") need = std::max(need, (c.integer("weeks") + 1) * 7 * kMsPerDay);
    if (c.kind == "work_sum" && c.word("period") == "week") need = std::max(need, 8 * kMsPerDay);
  }
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
