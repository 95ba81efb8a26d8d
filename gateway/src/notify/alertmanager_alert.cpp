#include "notify/alertmanager_alert.hpp"

#include <cstdio>

#include "domain/iso_time.hpp"

namespace vigie::notify {
namespace {

using nlohmann::json;

std::string state_fr(const std::string& state) {
  if (state == "firing") return "déclenchée";
  if (state == "nodata") return "sans données";
  if (state == "resolved") return "résolue";
  if (state == "pending") return "en attente de confirmation";
  if (state == "due") return "à échéance";
  return state;
}

std::string subject_fr(const std::string& kind) {
  if (kind == "team") return "équipe";
  if (kind == "node") return "nœud";
  return kind;  // agent, zone, site read the same in French
}

std::string number_fr(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  for (auto& c : s)
    if (c == '.') c = ',';
  return s;
}

std::string text(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool pushed_to_alertmanager(const std::string& state) {
  return state == "firing" || state == "nodata";
}

std::string french_summary(const json& alert) {
  std::string s = text(alert, "criterion");
  const auto title = alert.find("title");
  if (title != alert.end() && title->is_string()) s += " (" + title->get<std::string>() + ")";
  if (const auto subject = alert.find("subject"); subject != alert.end() && subject->is_object())
    for (const auto& [kind, id] : subject->items())
      if (id.is_string()) s += ", " + subject_fr(kind) + " " + id.get<std::string>();
  s += " : " + state_fr(text(alert, "state"));
  const auto value = alert.find("value");
  const auto threshold = alert.find("threshold");
  const auto unit = text(alert, "unit");
  if (value != alert.end() && value->is_number()) {
    s += ", mesuré " + number_fr(value->get<double>()) + " " + unit;
    if (threshold != alert.end() && threshold->is_number())
      s += " pour un seuil de " + number_fr(threshold->get<double>()) + " " + unit;
  }
  return s;
}

json alertmanager_alert(const json& alert, const std::string& dashboard_url) {
  const std::string criterion = text(alert, "criterion");
  json labels{{"alertname", criterion},
              {"criterion", criterion},
              {"severity", text(alert, "severity")},
              {"site", text(alert, "site")}};
  if (const auto subject = alert.find("subject"); subject != alert.end() && subject->is_object())
    for (const auto& [kind, id] : subject->items())
      if (kind != "site" && id.is_string()) labels[kind] = id.get<std::string>();
  std::string base = dashboard_url;
  if (base.empty() || base.back() != '/') base += '/';
  const std::string id = text(alert, "id");
  const std::string link = base + "#/alertes?alerte=" + id;
  const auto fired = alert.find("fired_at");
  const auto started = fired != alert.end() && fired->is_number_integer()
                           ? fired->get<TimestampMs>()
                           : alert.value("started_at", TimestampMs{0});
  return {{"labels", labels},
          {"annotations",
           {{"summary", french_summary(alert)},
            {"description", text(alert, "summary")},
            {"alert_id", id},
            {"dashboard", link}}},
          {"startsAt", iso_utc(started)},
          {"generatorURL", link}};
}

}  // namespace vigie::notify
