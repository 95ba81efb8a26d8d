#include "harness.hpp"

#include <cstdio>

namespace vigie::engine::testing {

const referentiel::Referentiel& default_referentiel() {
  static const referentiel::Referentiel ref =
      referentiel::load_referentiel(VIGIE_DEFAULT_REFERENTIEL);
  return ref;
}

const TimeZone& paris() {
  static const TimeZone zone = TimeZone::load("Europe/Paris");
  return zone;
}

TimestampMs paris_time(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  int n = std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d.%d", &y, &mo, &d, &h, &mi, &s, &ms);
  if (n < 5) throw std::invalid_argument("bad local time: " + text);
  return paris().to_utc(CivilDate{y, mo, d}, h * kHour + mi * kMin + s * kSec + ms);
}

void PrintTo(const Step& s, std::ostream* os) {
  *os << to_string(s.state) << "@" << s.at;
}

Harness::Harness(const std::string& profile, const referentiel::SiteOverrides* overrides,
                 const std::string& site)
    : active_(referentiel::resolve(default_referentiel(), profile, site, overrides)) {
  EngineOptions o;
  o.site = site;
  o.zone = paris();
  o.referentiel = active_;
  engine_ = std::make_unique<Engine>(std::move(o), sink_);
  engine_->set_wall_clock(&wall_);
}

void Harness::send(const std::string& node, EventBody body, TimestampMs ts) {
  if (wall_.now() < ts) wall_.set(ts);
  Event e;
  e.seq = next_seq(node);
  e.ts = ts;
  e.body = std::move(body);
  engine_->on_event(source(node), e);
}

void Harness::state(const std::string& agent, TimestampMs ts, AgentState s,
                    std::optional<NotReadyReason> reason, const std::string& team,
                    const std::string& node) {
  AgentStateChange c;
  c.agent = agent;
  c.team = team;
  c.state = s;
  c.reason = reason;
  send(node, c, ts);
}

void Harness::tag(const std::string& agent, TimestampMs ts, std::vector<CallTag> tags,
                  const std::string& node) {
  CallTagged t;
  t.agent = agent;
  t.call = "c-1";
  t.tags = std::move(tags);
  send(node, t, ts);
}

void Harness::shift(const std::string& agent, const std::string& id, TimestampMs start,
                    TimestampMs end, TimestampMs published, TimestampMs ts,
                    const std::string& node) {
  ShiftScheduled s;
  s.agent = agent;
  s.team = "t1";
  s.shift = id;
  s.start = start;
  s.end = end;
  s.published = published;
  send(node, s, ts);
}

void Harness::sample(const std::string& zone, TimestampMs ts, std::optional<double> l50,
                     std::optional<double> laeq, const std::string& node) {
  EnvSample e;
  e.zone = zone;
  e.window_s = 60;
  e.l50_db = l50;
  e.laeq_db = laeq;
  send(node, e, ts);
}

void Harness::clock_to(TimestampMs t) {
  wall_.set(t + engine_->active_referentiel().time_model.lateness);
  engine_->tick();
}

void Harness::wall_to(TimestampMs t) {
  wall_.set(t);
  engine_->tick();
}

std::vector<AlertTransition> Harness::of(const std::string& criterion) const {
  std::vector<AlertTransition> out;
  for (const auto& t : sink_.transitions)
    if (t.alert.criterion == criterion && t.change == Change::state) out.push_back(t);
  return out;
}

std::vector<Step> Harness::steps(const std::string& criterion, const std::string& subject) const {
  std::vector<Step> out;
  for (const auto& t : of(criterion))
    if (subject.empty() || t.alert.subject.key() == subject) out.push_back({t.alert.state, t.at});
  return out;
}

bool Harness::fired(const std::string& criterion) const {
  for (const auto& t : of(criterion))
    if (t.alert.state == AlertState::firing) return true;
  return false;
}

}  // namespace vigie::engine::testing
