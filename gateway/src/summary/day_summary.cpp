#include "summary/day_summary.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "evidence/hash.hpp"
#include "store/agent_day_queries.hpp"
#include "store/ledger_repository.hpp"

namespace vigie::summary {
namespace {

using nlohmann::json;
using referentiel::Activity;

struct Change {
  TimestampMs ts;
  Activity activity;
};

struct Figures {
  TimestampMs work = 0, pause = 0, off = 0, longest_work = 0;
  json pauses = json::array();
};

struct Run {
  TimestampMs start, end;
  Activity activity;
};

// The day [from, to) as runs of one activity each, clipped to the day; the
// activity in force at FROM is the last one before it (off when none).
std::vector<Run> runs_of(const std::vector<Change>& changes, TimestampMs from, TimestampMs to) {
  std::vector<Run> runs;
  Activity current = Activity::off;
  std::size_t i = 0;
  for (; i < changes.size() && changes[i].ts < from; ++i) current = changes[i].activity;
  TimestampMs t = from;
  auto extend = [&](TimestampMs end) {
    if (end <= t) return;
    if (!runs.empty() && runs.back().activity == current && runs.back().end == t)
      runs.back().end = end;
    else
      runs.push_back({t, end, current});
    t = end;
  };
  for (; i < changes.size() && changes[i].ts < to; ++i) {
    extend(changes[i].ts);
    current = changes[i].activity;
  }
  extend(to);
  return runs;
}

Figures figures_of(const std::vector<Run>& runs) {
  Figures f;
  for (const auto& r : runs) {
    const TimestampMs span = r.end - r.start;
    switch (r.activity) {
      case Activity::work:
        f.work += span;
        f.longest_work = std::max(f.longest_work, span);
        break;
      case Activity::pause:
        f.pause += span;
        f.pauses.push_back({{"start", r.start}, {"ms", span}});
        break;
      case Activity::off:
        f.off += span;
        break;
    }
  }
  return f;
}

}  // namespace

std::vector<AgentDay> summarise_day(store::Database& db, const DaySummaryInput& in,
                                    engine::CivilDate date) {
  const TimestampMs from = in.zone->start_of_day(date);
  const TimestampMs to = in.zone->start_of_day(engine::add_days(date, 1));
  // Each agent's changes from its last state before the day through the day.
  std::map<std::string, std::vector<Change>> changes;
  std::map<std::string, std::string> teams;
  for (const auto& row : store::day_state_changes(db, from, to)) {
    const auto state = parse_agent_state(row.state);
    if (!state) continue;
    const auto reason = row.reason ? parse_not_ready_reason(*row.reason) : std::nullopt;
    changes[row.agent].push_back({row.ts, in.referentiel->mapping.classify(*state, reason)});
    if (row.team) teams[row.agent] = *row.team;
  }

  // Alert outcomes of the day per (agent, criterion).
  std::map<std::pair<std::string, std::string>, std::set<std::string>> outcomes;
  for (const auto& t : store::agent_alert_changes(db, from, to)) {
    auto& o = outcomes[{t.agent, t.criterion}];
    if (t.change == "justify") o.insert("justified");
    if (t.state == "firing") o.insert("breached");
    if (t.state == "nodata") o.insert("no_data");
  }

  std::vector<AgentDay> out;
  for (const auto& [agent, list] : changes) {
    const Figures f = figures_of(runs_of(list, from, to));
    json criteria = json::object();
    for (const auto& c : in.referentiel->criteria) {
      if (c.scope != referentiel::Scope::agent) continue;
      const auto it = outcomes.find({agent, c.id});
      std::string verdict = "held";
      if (it != outcomes.end()) {
        if (it->second.count("justified"))
          verdict = "justified";
        else if (it->second.count("breached"))
          verdict = "breached";
        else if (it->second.count("no_data"))
          verdict = "no_data";
      }
      criteria[c.id] = verdict;
    }
    const std::string p = in.pseudonym(agent);
    out.push_back({p,
                   {{"agent", p},
                    {"date", engine::to_string(date)},
                    {"work_ms", f.work},
                    {"pause_ms", f.pause},
                    {"off_ms", f.off},
                    {"pauses", f.pauses},
                    {"longest_work_ms", f.longest_work},
                    {"criteria", criteria}},
                   teams[agent]});
  }
  return out;
}

std::vector<DayEntry> unrecorded_day_summaries(store::Database& db, const DaySummaryInput& in,
                                               engine::CivilDate first, engine::CivilDate last) {
  std::vector<DayEntry> out;
  store::LedgerRepository ledger(db);
  for (auto d = first; d <= last; d = engine::add_days(d, 1)) {
    const std::string src = "day_summary:" + engine::to_string(d);
    const TimestampMs at = in.zone->start_of_day(engine::add_days(d, 1)) - 1;
    for (auto& day : summarise_day(db, in, d)) {
      // The pseudonym's hash (56 bits) names the entry among the day's.
      const auto h = evidence::sha256(day.pseudonym);
      std::int64_t id = 0;
      for (std::size_t i = 0; i < 7; ++i) id = (id << 8) | h[i];
      if (!ledger.contains(src, id)) out.push_back({src, id, at, std::move(day.summary)});
    }
  }
  return out;
}

json agent_timeline(store::Database& db, const engine::TimeZone& zone,
                    const referentiel::ActiveReferentiel& referentiel, const std::string& agent,
                    engine::CivilDate date, TimestampMs now) {
  const TimestampMs from = zone.start_of_day(date);
  const TimestampMs to = zone.start_of_day(engine::add_days(date, 1));
  if (!store::agent_known(db, agent)) return nullptr;

  // The state in force at FROM is the last one before it, however old.
  std::vector<Change> changes;
  for (const auto& row : store::agent_state_changes(db, agent, from, to)) {
    const auto state = parse_agent_state(row.state);
    if (!state) continue;
    const auto reason = row.reason ? parse_not_ready_reason(*row.reason) : std::nullopt;
    changes.push_back({row.ts, referentiel.mapping.classify(*state, reason)});
  }
  const TimestampMs until = std::clamp(now, from, to);
  const auto runs = runs_of(changes, from, until);
  const Figures f = figures_of(runs);
  json bands = json::array();
  for (const auto& r : runs)
    bands.push_back(
        {{"start", r.start}, {"end", r.end}, {"activity", referentiel::to_string(r.activity)}});

  // Planned shifts overlapping the day, each as last published.
  std::map<std::string, json> shifts;
  for (const auto& shift : store::agent_shifts(db, agent, from, to)) {
    json breaks = json::array();
    if (shift.breaks) {
      const auto parsed = json::parse(*shift.breaks, nullptr, false);
      if (parsed.is_array())
        for (const auto& b : parsed)
          breaks.push_back({{"start", b.value("start", json())},
                            {"end", b.value("end", json())},
                            {"kind", b.value("kind", std::string())}});
    }
    shifts[shift.shift ? *shift.shift : std::to_string(shift.start)] = {
        {"start", shift.start}, {"end", shift.end}, {"breaks", breaks}};
  }
  json schedule = json::array();
  for (auto& [id, shift] : shifts) schedule.push_back(std::move(shift));
  std::sort(schedule.begin(), schedule.end(),
            [](const json& a, const json& b) { return a["start"] < b["start"]; });

  // The agent's alerts that overlap the day.
  json alerts = json::array();
  for (const auto& text : store::agent_alerts_started_before(db, agent, to)) {
    const auto a = json::parse(text, nullptr, false);
    if (!a.is_object()) continue;
    const auto resolved = a.value("resolved_at", json());
    if (resolved.is_number() && resolved.get<TimestampMs>() < from) continue;
    alerts.push_back({{"id", a.value("id", "")},
                      {"criterion", a.value("criterion", "")},
                      {"severity", a.value("severity", "")},
                      {"state", a.value("state", "")},
                      {"started_at", a.value("started_at", json())},
                      {"due_at", a.value("due_at", json())},
                      {"fired_at", a.value("fired_at", json())},
                      {"resolved_at", resolved}});
  }
  return {{"agent", agent},
          {"date", engine::to_string(date)},
          {"from", from},
          {"to", to},
          {"until", until},
          {"bands", bands},
          {"work_ms", f.work},
          {"pause_ms", f.pause},
          {"longest_work_ms", f.longest_work},
          {"pauses", f.pauses},
          {"schedule", schedule},
          {"alerts", alerts}};
}

std::size_t record_day_summaries(store::Database& db, evidence::LedgerFeed& feed,
                                 const DaySummaryInput& in, engine::CivilDate first,
                                 engine::CivilDate last) {
  std::size_t n = 0;
  for (const auto& day : unrecorded_day_summaries(db, in, first, last))
    n += feed.append(day.src, day.src_id, "agent.day", day.at, day.summary);
  return n;
}

engine::CivilDate last_complete_day(const engine::TimeZone& zone, TimestampMs now) {
  constexpr TimestampMs kGrace = 60 * 60 * 1000;
  return engine::add_days(zone.date_of(now - kGrace), -1);
}

}  // namespace vigie::summary
