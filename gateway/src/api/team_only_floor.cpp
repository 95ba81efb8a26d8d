#include "api/team_only_floor.hpp"

namespace vigie::api {

bool TeamOnlyFloor::about_an_agent(const nlohmann::json& alert) {
  const auto subject = alert.find("subject");
  return subject != alert.end() && subject->is_object() && subject->contains("agent");
}

std::vector<nlohmann::json> TeamOnlyFloor::alerts(const AlertQuery& query) const {
  auto all = inner_.alerts(query);
  std::erase_if(all, about_an_agent);
  return all;
}

// An agent-scoped alert is not acted on through this floor: answered as unknown.
std::optional<nlohmann::json> TeamOnlyFloor::acknowledge(const std::string& id,
                                                         const std::string& by, EpochMs at,
                                                         const std::string& note) {
  if (!visible(id)) return std::nullopt;
  return inner_.acknowledge(id, by, at, note);
}

std::optional<nlohmann::json> TeamOnlyFloor::justify(const std::string& id, const std::string& by,
                                                     EpochMs at, const std::string& reason,
                                                     const std::string& note) {
  if (!visible(id)) return std::nullopt;
  return inner_.justify(id, by, at, reason, note);
}

bool TeamOnlyFloor::visible(const std::string& id) const {
  AlertQuery all;
  all.state = AlertStateFilter::all;
  for (const auto& a : alerts(all))
    if (a.value("id", "") == id) return true;
  return false;
}

nlohmann::json TeamOnlyFloor::agents() const {
  const auto floor = inner_.teams();
  nlohmann::json out = {
      {"agents", nlohmann::json::array()},
      {"teams", floor.value("teams", nlohmann::json::array())},
      {"per_agent", false},
      {"governance", {{"complete", governance_.complete}, {"missing", governance_.missing}}}};
  if (floor.contains("at")) out["at"] = floor["at"];
  return out;
}

}  // namespace vigie::api
