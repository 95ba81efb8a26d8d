#include "synthetic_floor.hpp"

#include <chrono>
#include <cstdio>

namespace vigie::bench {

namespace {

api::EpochMs wall_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool handling(const std::string& s) {
  return s == "talking" || s == "hold" || s == "wrap_up";
}

}  // namespace

SyntheticFloor::SyntheticFloor(int agents, int teams, api::EpochMs now) : started_(now) {
  for (int t = 0; t < teams; ++t) teams_.push_back("team-" + std::to_string(t + 1));
  const char* states[] = {"available", "talking", "wrap_up", "talking", "hold"};
  for (int i = 0; i < agents; ++i) {
    Agent a;
    a.id = std::to_string(4000 + i);
    a.team = teams_[static_cast<std::size_t>(i % teams)];
    a.state = states[(i / teams + i) % 5];
    a.since = now - (i % 50) * 60'000;
    a.as_of = now;
    a.work_min = 120 + (i * 7) % 240;
    a.pause_min = 10 + (i * 3) % 30;
    if (i % 3 != 0) a.last_real_pause_end = now - (30 + (i * 11) % 200) * 60'000;
    agents_.emplace(a.id, a);
  }
}

std::string SyntheticFloor::activity(const Agent& a) {
  if (a.state == "logged_out") return "off";
  if (a.state == "not_ready" && (a.reason == "break" || a.reason == "lunch" ||
                                 a.reason == "personal" || a.reason == "recovery")) {
    return "pause";
  }
  return "work";
}

void SyntheticFloor::advance(Agent& a, api::EpochMs at) {
  const double minutes = static_cast<double>(at - a.as_of) / 60'000.0;
  const std::string act = activity(a);
  if (act == "work") a.work_min += minutes;
  if (act == "pause") a.pause_min += minutes;
  a.as_of = at;
}

nlohmann::json SyntheticFloor::agent_json(const Agent& a) const {
  nlohmann::json open = nlohmann::json::array();
  for (const auto& [id, alert] : alerts_) {
    if (alert["subject"].value("agent", "") != a.id || alert["state"] == "resolved") continue;
    open.push_back({{"id", id},
                    {"criterion", alert["criterion"]},
                    {"severity", alert["severity"]},
                    {"state", alert["state"]},
                    {"due_at", alert["due_at"]}});
  }
  const double logged = a.work_min + a.pause_min;
  return {{"agent", a.id},
          {"team", a.team},
          {"state", a.state},
          {"reason", a.reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.reason)},
          {"activity", activity(a)},
          {"since", a.since},
          {"as_of", a.as_of},
          {"work_minutes_today", a.work_min},
          {"pause_minutes_today", a.pause_min},
          {"last_real_pause_end", a.last_real_pause_end ? nlohmann::json(*a.last_real_pause_end)
                                                        : nlohmann::json(nullptr)},
          {"occupancy", logged > 0 ? nlohmann::json(a.work_min * 0.7 / logged) : nullptr},
          {"alerts", open}};
}

nlohmann::json SyntheticFloor::team_json(const std::string& team) const {
  int logged_in = 0, busy = 0, available = 0;
  for (const auto& [id, a] : agents_) {
    if (a.team != team || a.state == "logged_out") continue;
    ++logged_in;
    busy += handling(a.state);
    available += a.state == "available";
  }
  const int engaged = busy + available;
  return {{"team", team},
          {"logged_in", logged_in},
          {"handling", busy},
          {"available", available},
          {"occupancy", engaged > 0 ? nlohmann::json(double(busy) / engaged) : nullptr}};
}

std::vector<nlohmann::json> SyntheticFloor::alerts(const api::AlertQuery& q) const {
  const std::lock_guard lock(mutex_);
  std::vector<nlohmann::json> out;
  for (const auto& [id, a] : alerts_) {
    const bool resolved = a["state"] == "resolved";
    if (q.state == api::AlertStateFilter::active && resolved) continue;
    if (q.state == api::AlertStateFilter::resolved && !resolved) continue;
    if (q.criterion && a["criterion"] != *q.criterion) continue;
    if (q.until && a["started_at"].get<api::EpochMs>() > *q.until) continue;
    if (q.since && resolved && a["resolved_at"].get<api::EpochMs>() < *q.since) continue;
    out.push_back(a);
  }
  return out;
}

std::optional<nlohmann::json> SyntheticFloor::acknowledge(const std::string& id,
                                                          const std::string& by, api::EpochMs at,
                                                          const std::string& note) {
  const std::lock_guard lock(mutex_);
  const auto it = alerts_.find(id);
  if (it == alerts_.end()) return std::nullopt;
  it->second["acked"] = {{"by", by}, {"at", at}, {"note", note}};
  return it->second;
}

std::optional<nlohmann::json> SyntheticFloor::justify(const std::string& id, const std::string& by,
                                                      api::EpochMs at, const std::string& reason,
                                                      const std::string& note) {
  const std::lock_guard lock(mutex_);
  const auto it = alerts_.find(id);
  if (it == alerts_.end()) return std::nullopt;
  it->second["justified"] = {{"by", by}, {"at", at}, {"reason", reason}, {"note", note}};
  return it->second;
}

nlohmann::json SyntheticFloor::compliance(api::EpochMs from, api::EpochMs to) const {
  const std::lock_guard lock(mutex_);
  const auto n = static_cast<long>(agents_.size());
  nlohmann::json criteria = nlohmann::json::array();
  const char* ids[] = {"BRK-01", "BRK-02", "BRK-03", "OCC-01"};
  const char* severities[] = {"critical", "major", "major", "minor"};
  for (int c = 0; c < 4; ++c) {
    nlohmann::json days = nlohmann::json::array();
    long breaches = 0, justified = 0;
    for (api::EpochMs d = from; d < to; d += 24 * 3600 * 1000) {
      const long b = (d / 86'400'000 + c * 3) % 7 + c;
      breaches += b;
      justified += b / 3;
      char day[16];
      std::snprintf(day, sizeof day, "d%lld", static_cast<long long>(d / 86'400'000));
      days.push_back({{"day", day},
                      {"from", d},
                      {"subjects_checked", n},
                      {"breaches", b},
                      {"justified", b / 3}});
    }
    const long checked = n * static_cast<long>(days.size());
    criteria.push_back(
        {{"criterion", ids[c]},
         {"title", ids[c]},
         {"severity", severities[c]},
         {"subjects_checked", checked},
         {"breaches", breaches},
         {"justified", justified},
         {"compliance_rate", checked > 0 ? 1.0 - double(breaches - justified) / checked : 0.0},
         {"days", days}});
  }
  return {{"from", from}, {"to", to}, {"criteria", criteria}};
}

nlohmann::json SyntheticFloor::agents() const {
  const std::lock_guard lock(mutex_);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [id, a] : agents_) list.push_back(agent_json(a));
  nlohmann::json teams = nlohmann::json::array();
  for (const auto& t : teams_) teams.push_back(team_json(t));
  return {{"at", wall_now()}, {"agents", list}, {"teams", teams}};
}

nlohmann::json SyntheticFloor::nodes() const {
  return nlohmann::json::array(
      {{{"node", "acd-1"},
        {"kind", "acd-bridge"},
        {"state", "online"},
        {"epoch", "9f2c41d07a3be810"},
        {"last_event_at", wall_now()},
        {"last_seen_at", wall_now()},
        {"gaps_open", 0},
        {"gaps_total", 1},
        {"gaps", {{{"first_seq", 1042}, {"last_seq", 1044}, {"state", "filled"}}}}},
       {{"node", "noise-2"},
        {"kind", "sensor"},
        {"state", "lost"},
        {"epoch", "17aa0c3e5d2b9f01"},
        {"last_event_at", started_ - 600'000},
        {"last_seen_at", started_ - 300'000},
        {"gaps_open", 1},
        {"gaps_total", 1},
        {"gaps", {{{"first_seq", 77}, {"last_seq", 80}, {"state", "open"}}}}}});
}

std::vector<nlohmann::json> SyntheticFloor::set_state(const std::string& agent,
                                                      const std::string& state,
                                                      const std::string& reason, api::EpochMs at) {
  const std::lock_guard lock(mutex_);
  const auto it = agents_.find(agent);
  if (it == agents_.end()) return {};
  Agent& a = it->second;
  advance(a, at);
  if (activity(a) == "pause") a.last_real_pause_end = at;
  a.state = state;
  a.reason = state == "not_ready" ? reason : "";
  a.since = at;
  return {{{"type", "agent"}, {"agent", agent_json(a)}},
          {{"type", "team"}, {"team", team_json(a.team)}}};
}

std::optional<nlohmann::json> SyntheticFloor::raise(const std::string& agent,
                                                    const std::string& criterion,
                                                    const std::string& state, api::EpochMs at) {
  const std::lock_guard lock(mutex_);
  if (!agents_.count(agent)) return std::nullopt;
  const std::string id = "syn-" + criterion + "-" + agent;
  auto& a = alerts_[id];
  if (a.is_null()) {
    a = {{"id", id},
         {"criterion", criterion},
         {"referentiel", "vigie-fr-default"},
         {"version", "2026.1"},
         {"severity", criterion == "BRK-01" ? "critical" : "major"},
         {"site", "paris-1"},
         {"subject", {{"agent", agent}}},
         {"value", 372.0},
         {"threshold", 360.0},
         {"started_at", at},
         {"due_at", at + 1'800'000},
         {"fired_at", nullptr},
         {"resolved_at", nullptr},
         {"acked", nullptr},
         {"justified", nullptr}};
  }
  a["state"] = state;
  if (state == "firing") a["fired_at"] = at;
  if (state == "resolved") a["resolved_at"] = at;
  a["summary"] = "agent." + agent + ": " + criterion + " - " + state;
  return nlohmann::json{{"type", "alert"}, {"alert", a}};
}

std::vector<std::string> SyntheticFloor::agent_ids() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  for (const auto& [id, a] : agents_) ids.push_back(id);
  return ids;
}

}  // namespace vigie::bench
