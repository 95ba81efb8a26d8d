#include "api/floor_service.hpp"
#include "domain/wall_now.hpp"

namespace vigie::api {

nlohmann::json floor_snapshot(const FloorService& floor) {
  nlohmann::json floor_now = floor.agents();
  nlohmann::json snapshot = {{"type", "snapshot"}};
  const auto at = floor_now.find("at");
  snapshot["at"] = at != floor_now.end() ? *at : nlohmann::json(wall_now());
  snapshot["agents"] = floor_now.value("agents", nlohmann::json::array());
  snapshot["teams"] = floor_now.value("teams", nlohmann::json::array());
  snapshot["alerts"] = floor.alerts({});
  snapshot["nodes"] = floor.nodes();
  return snapshot;
}

}  // namespace vigie::api
