#include "app/condition_metrics.hpp"

#include <map>
#include <sstream>
#include <tuple>

namespace vigie::app {
namespace {

using nlohmann::json;

// Prometheus label values: backslash, double quote and newline escaped.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void head(std::ostringstream& o, const char* name, const char* type, const char* help) {
  o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

constexpr const char* kAgentStates[] = {"logged_out", "available", "talking",
                                        "hold",       "wrap_up",   "not_ready"};

}  // namespace

void AlertTally::add(const engine::Alert& a) {
  ++by_key[{a.criterion, referentiel::to_string(a.severity), engine::to_string(a.state)}];
}

std::string condition_metrics_text(const ConditionSnapshot& s) {
  std::ostringstream o;

  head(o, "vigie_alerts_active", "gauge",
       "Alerts open now, by criterion, severity and state (due, pending, firing, nodata).");
  for (const auto& [key, n] : s.active_alerts.by_key)
    o << "vigie_alerts_active{criterion=\"" << label(std::get<0>(key)) << "\",severity=\""
      << std::get<1>(key) << "\",state=\"" << std::get<2>(key) << "\"} " << n << '\n';

  head(o, "vigie_team_agents", "gauge",
       "Agents of each team in each state, as the engine sees them now.");
  std::map<std::string, std::map<std::string, int>> teams;
  for (const auto& a : s.agents.value("agents", json::array())) {
    if (!a.is_object() || !a.contains("team") || !a["team"].is_string()) continue;
    auto& t = teams[a["team"].get<std::string>()];
    for (const char* st : kAgentStates) t.try_emplace(st, 0);
    ++t[a.value("state", std::string("logged_out"))];
  }
  for (const auto& [team, states] : teams)
    for (const auto& [state, n] : states)
      o << "vigie_team_agents{team=\"" << label(team) << "\",state=\"" << label(state) << "\"} "
        << n << '\n';

  head(o, "vigie_team_occupancy_ratio", "gauge",
       "Share of a team's agents on calls (talking, hold, wrap-up) among those handling or "
       "available; absent when none is.");
  for (const auto& t : s.agents.value("teams", json::array()))
    if (t.is_object() && t.contains("occupancy") && t["occupancy"].is_number())
      o << "vigie_team_occupancy_ratio{team=\"" << label(t.value("team", std::string())) << "\"} "
        << t["occupancy"].get<double>() << '\n';

  head(o, "vigie_nodes", "gauge",
       "Edge nodes by their last reported state; absent when the store could not be read.");
  if (s.nodes.is_array()) {
    std::map<std::string, int> nodes{{"online", 0}, {"offline", 0}};
    for (const auto& n : s.nodes)
      if (n.is_object()) ++nodes[n.value("state", std::string("offline"))];
    for (const auto& [state, n] : nodes)
      o << "vigie_nodes{state=\"" << label(state) << "\"} " << n << '\n';
  }

  head(o, "vigie_checkpoint_age_seconds", "gauge",
       "Seconds since the evidence ledger was last found checkpointed (signed); absent "
       "before the first.");
  if (s.last_checkpoint > 0)
    o << "vigie_checkpoint_age_seconds " << static_cast<double>(s.now - s.last_checkpoint) / 1000.0
      << '\n';
  return o.str();
}

}  // namespace vigie::app
