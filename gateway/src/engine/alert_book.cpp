#include "engine/alert_book.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vigie::engine {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string AlertBook::summary(const Alert& a, const CriterionDef& def) {
  std::string s = a.subject.key() + ": " + def.criterion->title + " - " + to_string(a.state);
  if (a.value) {
    s += " (" + number(*a.value) + " " + a.unit;
    if (a.threshold) s += ", threshold " + number(*a.threshold) + " " + a.unit;
    s += ")";
  }
  return s;
}

void AlertBook::open(Occurrence& occ, const CriterionDef& def, const RuleScope& scope,
                     AlertState state, TimestampMs at, TimestampMs started_at,
                     std::optional<double> value, std::optional<TimestampMs> due_at) {
  if (occ.open()) {
    move(occ, scope, state, at, value);
    return;
  }
  const auto& c = *def.criterion;
  std::string id = alert_id(identity_.site, c.id, scope.subject, started_at);
  auto [it, fresh] = live_.try_emplace(id);
  Live& live = it->second;
  if (fresh) {
    Alert& a = live.alert;
    a.id = id;
    a.criterion = c.id;
    a.referentiel = identity_.referentiel;
    a.version = identity_.version;
    a.profile = identity_.profile;
    a.severity = c.severity;
    a.site = identity_.site;
    a.subject = scope.subject;
    a.threshold = def.threshold;
    a.unit = def.unit;
    a.started_at = started_at;
    a.params = c.params;
    live.def = &def;
  }
  live.alert.due_at = due_at;
  if (value) live.alert.value = value;
  occ.id_ = id;
  std::optional<AlertState> from;
  if (!fresh) from = live.alert.state;
  enter(live, from, state, at, scope);
  occ.state_ = state;
}

void AlertBook::move(Occurrence& occ, const RuleScope& scope, AlertState to, TimestampMs at,
                     std::optional<double> value) {
  if (!occ.open()) return;
  auto it = live_.find(occ.id_);
  if (it == live_.end()) {
    occ.id_.clear();
    return;
  }
  Live& live = it->second;
  if (live.alert.state == to) return;
  if (value) live.alert.value = value;
  enter(live, live.alert.state, to, at, scope);
  occ.state_ = to;
  if (to == AlertState::resolved) {
    live_.erase(it);
    occ.id_.clear();
  }
}

void AlertBook::fire(Occurrence& occ, const CriterionDef& def, const RuleScope& scope,
                     TimestampMs at, TimestampMs started_at, double value) {
  if (occ.is(AlertState::firing)) return;
  if (occ.open())
    move(occ, scope, AlertState::firing, at, value);
  else
    open(occ, def, scope, AlertState::firing, at, started_at, value);
}

void AlertBook::resolve(Occurrence& occ, const RuleScope& scope, TimestampMs at,
                        std::optional<double> value) {
  move(occ, scope, AlertState::resolved, at, value);
}

void AlertBook::suspend(Occurrence& occ, const RuleScope& scope, TimestampMs at) {
  if (!occ.open() || occ.state_ == AlertState::nodata) return;
  auto it = live_.find(occ.id_);
  if (it == live_.end()) return;
  it->second.before_nodata = it->second.alert.state;
  move(occ, scope, AlertState::nodata, at);
}

void AlertBook::restore(Occurrence& occ, const RuleScope& scope, TimestampMs at) {
  if (!occ.is(AlertState::nodata)) return;
  auto it = live_.find(occ.id_);
  if (it == live_.end()) return;
  move(occ, scope, it->second.before_nodata, at);
}

void AlertBook::enter(Live& live, std::optional<AlertState> from, AlertState to, TimestampMs at,
                      const RuleScope& scope) {
  Alert& a = live.alert;
  a.state = to;
  a.updated_at = at;
  switch (to) {
    case AlertState::firing:
      if (!a.fired_at) a.fired_at = at;
      break;
    case AlertState::resolved:
      a.resolved_at = at;
      break;
    case AlertState::nodata:
      a.nodata_at = at;
      break;
    default:
      break;
  }
  if (to != AlertState::nodata) a.nodata_at.reset();
  a.summary = summary(a, *live.def);
  auto n = ++live.entries[static_cast<std::size_t>(to)];
  AlertTransition t;
  t.key = a.id + ":" + to_string(to) + ":" + std::to_string(n);
  t.change = Change::state;
  t.from = from;
  t.at = at;
  t.alert = a;
  emit(t, live, &scope);
}

void AlertBook::emit(const AlertTransition& t, const Live& live, const RuleScope* scope) {
  if (recorded_ && recorded_->contains(t.key)) {
    ++suppressed_;
    return;
  }
  sink_.on_transition(t);
  const Alert& a = t.alert;
  if (t.change == Change::state && a.state == AlertState::due &&
      a.subject.kind == referentiel::Scope::agent && scope && !scope->node.empty()) {
    Nudge n;
    n.node = scope->node;
    n.agent = a.subject.id;
    n.criterion = a.criterion;
    n.alert_id = a.id;
    n.due_at = a.due_at.value_or(t.at);
    auto minutes =
        static_cast<long long>(std::ceil(static_cast<double>(n.due_at - t.at) / 60000.0));
    n.text = live.def->criterion->title + ": limit reached in " + std::to_string(minutes) + " min";
    sink_.on_nudge(n);
  }
}

std::optional<Alert> AlertBook::acknowledge(const std::string& id, const Ack& ack) {
  auto it = live_.find(id);
  if (it == live_.end()) return std::nullopt;
  Live& live = it->second;
  live.alert.acked = ack;
  AlertTransition t;
  t.key = id + ":ack:" + std::to_string(ack.at);
  t.change = Change::ack;
  t.from = live.alert.state;
  t.at = ack.at;
  t.alert = live.alert;
  emit(t, live, nullptr);
  return live.alert;
}

std::optional<Alert> AlertBook::justify(const std::string& id, const Justification& j) {
  auto it = live_.find(id);
  if (it == live_.end()) return std::nullopt;
  Live& live = it->second;
  live.alert.justified = j;
  AlertTransition t;
  t.key = id + ":justify:" + std::to_string(j.at);
  t.change = Change::justify;
  t.from = live.alert.state;
  t.at = j.at;
  t.alert = live.alert;
  emit(t, live, nullptr);
  return live.alert;
}

const Alert* AlertBook::find(const std::string& id) const {
  auto it = live_.find(id);
  return it == live_.end() ? nullptr : &it->second.alert;
}

std::vector<Alert> AlertBook::active() const {
  std::vector<Alert> out;
  out.reserve(live_.size());
  for (const auto& [id, live] : live_) out.push_back(live.alert);
  std::sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) {
    return a.started_at != b.started_at ? a.started_at < b.started_at : a.id < b.id;
  });
  return out;
}

}  // namespace vigie::engine
