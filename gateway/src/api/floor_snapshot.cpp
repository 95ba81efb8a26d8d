#include <chrono>

#include "api/floor_service.hpp"

namespace vigie::api {

nlohmann::json floor_snapshot(const FloorService& floor) {
  nlohmann::json floor_now = floor.agents();
  nlohmann::json snapshot = {{"type", "snapshot"}};
  const auto at = floor_now.find("at");
  snapshot["at"] = at != floor_now.end()
                       ? *at
                       : nlohmann::json(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  snapshot["agents"] = floor_now.value("agents", nlohmann::json::array());
  snapshot["teams"] = floor_now.value("teams", nlohmann::json::array());
  snapshot["alerts"] = floor.alerts({});
  snapshot["nodes"] = floor.nodes();
  return snapshot;
}

}  // namespace vigie::api
