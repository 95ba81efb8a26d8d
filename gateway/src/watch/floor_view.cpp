#include "watch/floor_view.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "engine/alert_json.hpp"
#include "engine/civil_date.hpp"
#include "store/floor_queries.hpp"
#include "summary/day_summary.hpp"

namespace vigie::watch {

using nlohmann::json;

std::vector<json> FloorView::alerts(const api::AlertQuery& q) const {
  store::AlertFilter f;
  f.states = q.state == api::AlertStateFilter::active     ? store::AlertFilter::States::active
             : q.state == api::AlertStateFilter::resolved ? store::AlertFilter::States::resolved
                                                          : store::AlertFilter::States::all;
  f.criterion = q.criterion;
  f.since = q.since;
  f.until = q.until;
  std::vector<json> out;
  std::lock_guard lock(db_mu_);
  for (const auto& text : alerts_.alerts_json(f)) out.push_back(json::parse(text));
  return out;
}

std::optional<json> FloorView::acknowledge(const std::string& id, const std::string& by,
                                           api::EpochMs at, const std::string& note) {
  auto a = watch_.with_engine([&](engine::Engine& e) { return e.acknowledge(id, {by, at, note}); });
  if (!a) return act_on_stored(id, "ack", at, {{"by", by}, {"at", at}, {"note", note}});
  return engine::alert_object(*a);
}

std::optional<json> FloorView::justify(const std::string& id, const std::string& by,
                                       api::EpochMs at, const std::string& reason,
                                       const std::string& note) {
  auto a = watch_.with_engine([&](engine::Engine& e) {
    return e.justify(id, {by, at, reason, note});
  });
  if (!a)
    return act_on_stored(id, "justify", at,
                         {{"by", by}, {"at", at}, {"reason", reason}, {"note", note}});
  return engine::alert_object(*a);
}

// An alert the engine no longer holds (resolved, or from before the rebuild's
// horizon) is acknowledged or justified in the store: one more transition, the
// breach itself untouched. Active alerts always go through the engine.
std::optional<json> FloorView::act_on_stored(const std::string& id, const std::string& change,
                                             api::EpochMs at, json record) {
  std::optional<std::string> text;
  {
    std::lock_guard lock(db_mu_);
    text = alerts_.alert_json(id);
  }
  if (!text) return std::nullopt;
  json a = json::parse(*text, nullptr, false);
  if (!a.is_object() || a.value("state", "") != "resolved" || !a["subject"].is_object() ||
      a["subject"].empty())
    return std::nullopt;
  a[change == "ack" ? "acked" : "justified"] = std::move(record);
  const auto subject = a["subject"].begin();
  // Written on the engine's thread with its other records: none waits here for the store.
  watch_.record_later({id + ":" + change + ":" + std::to_string(at), id, change,
                       std::string("resolved"), "resolved", at, a.value("criterion", ""),
                       subject.key(),
                       subject.value().is_string() ? subject.value().get<std::string>() : "",
                       a.value("severity", ""), a.value("started_at", api::EpochMs{0}), a.dump()});
  return a;
}

namespace {

// Periods up to this long also get their civil days (the heat map of breaches per day).
constexpr api::EpochMs kMaxDaysPeriodMs = api::EpochMs{62} * 24 * 3600 * 1000;

using DayCounts = store::BreachCount;  // fired, justified

}  // namespace

json FloorView::compliance(api::EpochMs from, api::EpochMs to) const {
  std::lock_guard lock(db_mu_);
  auto& db = const_cast<store::Database&>(db_);
  // Subjects checked: those with data in [a, b), by the criterion's scope.
  auto subjects_in = [&](api::EpochMs a, api::EpochMs b) {
    const auto n = store::subjects_with_data(db, a, b);
    return std::map<referentiel::Scope, std::int64_t>{{referentiel::Scope::agent, n.agents},
                                                      {referentiel::Scope::team, n.teams},
                                                      {referentiel::Scope::zone, n.zones},
                                                      {referentiel::Scope::node, n.nodes}};
  };
  const auto subjects = subjects_in(from, to);

  // The civil days of the period on the site's clock, clipped to it, with their subjects and
  // each criterion's breaches (by the day they fired).
  struct Day {
    std::string name;
    api::EpochMs start = 0, end = 0;
    std::map<referentiel::Scope, std::int64_t> subjects;
    std::map<std::string, DayCounts> by_criterion;
  };
  std::vector<Day> days;
  if (to - from <= kMaxDaysPeriodMs) {
    const auto& zone = watch_.engine().zone();
    for (auto d = zone.date_of(from);; d = engine::add_days(d, 1)) {
      const auto start = std::max(from, zone.to_utc(d, 0));
      if (start >= to) break;
      const auto end = std::min(to, zone.to_utc(engine::add_days(d, 1), 0));
      days.push_back({engine::to_string(d), start, end, subjects_in(start, end), {}});
    }
    for (const auto& fired : store::alerts_fired(db, from, to)) {
      for (auto& day : days) {
        if (fired.fired_at < day.start || fired.fired_at >= day.end) continue;
        auto& c = day.by_criterion[fired.criterion];
        ++c.fired;
        if (fired.justified) ++c.justified;
        break;
      }
    }
  }

  json criteria = json::array();
  for (const auto& c : watch_.engine().active_referentiel().criteria) {
    const auto [fired, justified] = store::breaches_of(db, c.id, from, to);
    const auto checked = subjects.at(c.scope);
    json rate = nullptr;
    if (checked > 0)
      rate = std::max(0.0,
                      1.0 - static_cast<double>(fired - justified) / static_cast<double>(checked));
    json entry = {{"criterion", c.id},
                  {"title", c.title},
                  {"severity", referentiel::to_string(c.severity)},
                  {"target", c.target_rate()},
                  {"subjects_checked", checked},
                  {"breaches", fired},
                  {"justified", justified},
                  {"compliance_rate", rate}};
    if (!days.empty()) {
      json per_day = json::array();
      for (const auto& day : days) {
        const auto it = day.by_criterion.find(c.id);
        const DayCounts counts = it == day.by_criterion.end() ? DayCounts{} : it->second;
        per_day.push_back({{"day", day.name},
                           {"from", day.start},
                           {"subjects_checked", day.subjects.at(c.scope)},
                           {"breaches", counts.fired},
                           {"justified", counts.justified}});
      }
      entry["days"] = std::move(per_day);
    }
    criteria.push_back(std::move(entry));
  }
  return {{"from", from}, {"to", to}, {"criteria", criteria}};
}

json FloorView::agent_entry(const std::string& id) const {
  return watch_.with_engine([&](const engine::Engine& e) { return agent_entry(e, id); });
}

namespace {

// The live alerts of each agent, in the order of Engine::active_alerts() (started_at,
// then id), built in one pass over the engine's alerts.
using AlertsByAgent = std::map<std::string, std::vector<engine::Alert>, std::less<>>;

void add_agent_alert(AlertsByAgent& by_agent, const engine::Alert& a) {
  if (a.subject.kind == referentiel::Scope::agent) by_agent[a.subject.id].push_back(a);
}

json alert_list(std::vector<engine::Alert> alerts) {
  std::sort(alerts.begin(), alerts.end(), [](const engine::Alert& a, const engine::Alert& b) {
    return a.started_at != b.started_at ? a.started_at < b.started_at : a.id < b.id;
  });
  json list = json::array();
  for (const auto& a : alerts)
    list.push_back({{"id", a.id},
                    {"criterion", a.criterion},
                    {"severity", referentiel::to_string(a.severity)},
                    {"state", engine::to_string(a.state)},
                    {"due_at", a.due_at ? json(*a.due_at) : json(nullptr)}});
  return list;
}

}  // namespace

json FloorView::agent_entry(const engine::Engine& e, const std::string& id) const {
  std::vector<engine::Alert> alerts;
  e.for_each_active_alert_of({referentiel::Scope::agent, id},
                             [&](const engine::Alert& a) { alerts.push_back(a); });
  return agent_entry(e, id, std::move(alerts));
}

json FloorView::agent_entry(const engine::Engine& e, const std::string& id,
                            std::vector<engine::Alert> alerts) const {
  auto v = e.agent(id);
  if (!v) return nullptr;
  const auto clock = e.node_clock(v->node);
  return {{"agent", v->agent},
          {"team", v->team},
          {"state", to_string(v->state)},
          {"reason", v->reason ? json(to_string(*v->reason)) : json(nullptr)},
          {"activity", referentiel::to_string(v->activity)},
          {"since", v->since},
          // The instant work and pause today are counted to: the agent's own latest event when
          // it is ahead of its node's clock (a bridge catching up), so a reader extending the
          // figures from as_of never counts time twice nor invents it.
          {"as_of", v->counted_to ? json(*v->counted_to)
                    : clock       ? json(*clock)
                                  : json(nullptr)},
          {"work_minutes_today", static_cast<double>(v->work_day_ms) / 60000.0},
          {"pause_minutes_today", static_cast<double>(v->pause_day_ms) / 60000.0},
          {"last_real_pause_end",
           v->last_real_pause_end ? json(*v->last_real_pause_end) : json(nullptr)},
          {"alerts", alert_list(std::move(alerts))}};
}

namespace {

struct TeamCounts {
  int logged_in = 0, handling = 0, available = 0;
};

// Each team's counts from the engine's agents: the one place they are counted.
std::map<std::string, TeamCounts> count_teams(const engine::Engine& e) {
  std::map<std::string, TeamCounts> teams;
  for (const auto& id : e.agents()) {
    const auto v = e.agent(id);
    if (!v) continue;
    auto& t = teams[v->team];
    const std::string state = to_string(v->state);
    if (state != "logged_out") ++t.logged_in;
    if (state == "talking" || state == "hold" || state == "wrap_up") ++t.handling;
    if (state == "available") ++t.available;
  }
  return teams;
}

json team_list(const std::map<std::string, TeamCounts>& teams) {
  json list = json::array();
  for (const auto& [team, c] : teams) {
    json occ = nullptr;
    if (c.handling + c.available > 0)
      occ = static_cast<double>(c.handling) / static_cast<double>(c.handling + c.available);
    list.push_back({{"team", team},
                    {"logged_in", c.logged_in},
                    {"handling", c.handling},
                    {"available", c.available},
                    {"occupancy", occ}});
  }
  return list;
}

}  // namespace

json FloorView::agents() const {
  json agents = json::array();
  std::map<std::string, TeamCounts> teams;
  TimestampMs at = 0;
  watch_.with_engine([&](const engine::Engine& e) {
    at = e.gateway_now();
    AlertsByAgent by_agent;
    e.for_each_active_alert([&](const engine::Alert& a) { add_agent_alert(by_agent, a); });
    for (const auto& id : e.agents()) {
      auto found = by_agent.find(id);
      auto entry = agent_entry(
          e, id, found == by_agent.end() ? std::vector<engine::Alert>{} : std::move(found->second));
      if (!entry.is_null()) agents.push_back(std::move(entry));
    }
    teams = count_teams(e);
    return 0;
  });
  return {{"at", at}, {"agents", agents}, {"teams", team_list(teams)}};
}

json FloorView::agent_states() const {
  json agents = json::array();
  std::map<std::string, TeamCounts> teams;
  watch_.with_engine([&](const engine::Engine& e) {
    for (const auto& id : e.agents())
      if (const auto v = e.agent(id))
        agents.push_back({{"team", v->team}, {"state", to_string(v->state)}});
    teams = count_teams(e);
  });
  return {{"agents", agents}, {"teams", team_list(teams)}};
}

json FloorView::teams() const {
  std::map<std::string, TeamCounts> teams;
  TimestampMs at = 0;
  watch_.with_engine([&](const engine::Engine& e) {
    at = e.gateway_now();
    teams = count_teams(e);
    return 0;
  });
  return {{"at", at}, {"teams", team_list(teams)}};
}

json FloorView::agent_day(const std::string& agent, const std::string& date) const {
  const auto& engine = watch_.engine();
  const auto now = watch_.with_engine([](const engine::Engine& e) { return e.gateway_now(); });
  // DATE is "YYYY-MM-DD" (checked by the route), or empty for today on the site's clock.
  const engine::CivilDate d =
      date.empty() ? engine.zone().date_of(now)
                   : engine::CivilDate{std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)),
                                       std::stoi(date.substr(8, 2))};
  std::lock_guard lock(db_mu_);
  return summary::agent_timeline(const_cast<store::Database&>(db_), engine.zone(),
                                 engine.active_referentiel(), agent, d, now);
}

json FloorView::nodes() const {
  std::lock_guard lock(db_mu_);
  auto& db = const_cast<store::Database&>(db_);
  json out = json::array();
  auto optional_text = [](const std::optional<std::string>& t) {
    return t ? json(*t) : json(nullptr);
  };
  for (const auto& n : store::node_overviews(db)) {
    json g = json::array();
    for (const auto& gap : n.latest_gaps)
      g.push_back({{"first_seq", gap.from_seq},
                   {"last_seq", gap.to_seq},
                   {"state", gap.status == "lost" ? "abandoned" : gap.status}});
    out.push_back({{"node", n.node},
                   {"kind", optional_text(n.kind)},
                   {"state", n.state ? json(*n.state) : json("offline")},
                   {"epoch", optional_text(n.epoch)},
                   {"last_event_at", n.last_event_at ? json(*n.last_event_at) : json(nullptr)},
                   {"last_seen_at", n.last_seen_at},
                   {"gaps_open", n.gaps_open},
                   {"gaps_total", n.gaps_total},
                   {"gaps", g}});
  }
  return out;
}

}  // namespace vigie::watch
