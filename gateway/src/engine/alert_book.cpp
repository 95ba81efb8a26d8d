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

Alert AlertBook::alert_of(const AlertKey& key, const Live& live) const {
  const CriterionDef& def = *live.def;
  const auto& c = *def.criterion;
  Alert a;
  a.id = key.hex();
  a.criterion = c.id;
  a.referentiel = identity_.referentiel;
  a.version = identity_.version;
  a.profile = identity_.profile;
  a.severity = c.severity;
  a.site = identity_.site;
  a.subject = live.subject;
  a.state = live.state;
  a.value = live.value;
  a.threshold = def.threshold;
  a.unit = def.unit;
  a.started_at = live.started_at;
  a.due_at = live.due_at;
  a.fired_at = live.fired_at;
  // A live alert is erased as it resolves: only its last transition shows resolved_at.
  if (live.state == AlertState::resolved) a.resolved_at = live.updated_at;
  a.nodata_at = live.nodata_at;
  a.updated_at = live.updated_at;
  if (live.acts) {
    a.acked = live.acts->acked;
    a.justified = live.acts->justified;
  }
  a.params = c.params;
  a.summary = summary(a, def);
  return a;
}

void AlertBook::open(Occurrence& occ, const CriterionDef& def, const RuleScope& scope,
                     AlertState state, TimestampMs at, TimestampMs started_at,
                     std::optional<double> value, std::optional<TimestampMs> due_at) {
  if (occ.open()) {
    move(occ, scope, state, at, value);
    return;
  }
  const AlertKey key = alert_key(identity_.site, def.id(), scope.subject, started_at);
  auto [it, fresh] = live_.try_emplace(key);
  Live& live = it->second;
  if (fresh) {
    live.def = &def;
    live.subject = scope.subject;
    live.started_at = started_at;
  }
  live.due_at = due_at;
  if (value) live.value = value;
  occ.key_ = key;
  occ.open_ = true;
  std::optional<AlertState> from;
  if (!fresh) from = live.state;
  enter(it, from, state, at, scope);
  occ.state_ = state;
}

void AlertBook::move(Occurrence& occ, const RuleScope& scope, AlertState to, TimestampMs at,
                     std::optional<double> value) {
  if (!occ.open()) return;
  auto it = live_.find(occ.key_);
  if (it == live_.end()) {
    occ.open_ = false;
    return;
  }
  Live& live = it->second;
  if (live.state == to) return;
  if (value) live.value = value;
  enter(it, live.state, to, at, scope);
  occ.state_ = to;
  if (to == AlertState::resolved) {
    live_.erase(it);
    occ.open_ = false;
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
  auto it = live_.find(occ.key_);
  if (it == live_.end()) return;
  it->second.before_nodata = it->second.state;
  move(occ, scope, AlertState::nodata, at);
}

void AlertBook::restore(Occurrence& occ, const RuleScope& scope, TimestampMs at) {
  if (!occ.is(AlertState::nodata)) return;
  auto it = live_.find(occ.key_);
  if (it == live_.end()) return;
  move(occ, scope, it->second.before_nodata, at);
}

void AlertBook::enter(LiveMap::iterator it, std::optional<AlertState> from, AlertState to,
                      TimestampMs at, const RuleScope& scope) {
  Live& live = it->second;
  live.state = to;
  live.updated_at = at;
  if (to == AlertState::firing && !live.fired_at) live.fired_at = at;
  if (to == AlertState::nodata)
    live.nodata_at = at;
  else
    live.nodata_at.reset();
  auto n = ++live.entries[static_cast<std::size_t>(to)];
  AlertTransition t;
  t.key = it->first.hex() + ":" + to_string(to) + ":" + std::to_string(n);
  if (already_recorded(t.key)) return;
  t.change = Change::state;
  t.from = from;
  t.at = at;
  t.alert = alert_of(it->first, live);
  emit(t, live, &scope);
}

bool AlertBook::already_recorded(const std::string& transition_key) {
  if (!recorded_ || !recorded_->contains(transition_key)) return false;
  ++suppressed_;
  return true;
}

void AlertBook::emit(const AlertTransition& t, const Live& live, const RuleScope* scope) {
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

std::optional<Alert> AlertBook::act(const std::string& id, Change change, TimestampMs at,
                                    const std::function<void(Acts&)>& record) {
  const auto key = AlertKey::parse(id);
  if (!key) return std::nullopt;
  auto it = live_.find(*key);
  if (it == live_.end()) return std::nullopt;
  Live& live = it->second;
  if (!live.acts) live.acts = std::make_unique<Acts>();
  record(*live.acts);
  AlertTransition t;
  t.key = id + (change == Change::ack ? ":ack:" : ":justify:") + std::to_string(at);
  t.change = change;
  t.from = live.state;
  t.at = at;
  t.alert = alert_of(it->first, live);
  if (!already_recorded(t.key)) emit(t, live, nullptr);
  return t.alert;
}

std::optional<Alert> AlertBook::acknowledge(const std::string& id, const Ack& ack) {
  return act(id, Change::ack, ack.at, [&](Acts& acts) { acts.acked = ack; });
}

std::optional<Alert> AlertBook::justify(const std::string& id, const Justification& j) {
  return act(id, Change::justify, j.at, [&](Acts& acts) { acts.justified = j; });
}

std::optional<Alert> AlertBook::find(const std::string& id) const {
  const auto key = AlertKey::parse(id);
  if (!key) return std::nullopt;
  auto it = live_.find(*key);
  if (it == live_.end()) return std::nullopt;
  return alert_of(it->first, it->second);
}

std::vector<Alert> AlertBook::active() const {
  std::vector<Alert> out;
  out.reserve(live_.size());
  for (const auto& [key, live] : live_) out.push_back(alert_of(key, live));
  std::sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) {
    return a.started_at != b.started_at ? a.started_at < b.started_at : a.id < b.id;
  });
  return out;
}

}  // namespace vigie::engine
