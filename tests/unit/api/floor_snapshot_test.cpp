#include <gtest/gtest.h>

#include "api/floor_service.hpp"
#include "fake_floor_service.hpp"

namespace vigie::api {
namespace {

TEST(FloorSnapshot, HoldsAgentsTeamsActiveAlertsAndNodes) {
  test::FakeFloorService floor;
  floor.set_agents({test::agent_entry("4012", "sav-1")},
                   {{{"team", "sav-1"}, {"handling", 1}, {"available", 0}}});
  floor.set_alerts({test::agent_alert("a1", "4012")});
  floor.set_nodes({{{"node", "acd-1"}, {"state", "online"}}});
  const auto s = floor_snapshot(floor);
  EXPECT_EQ(s["type"], "snapshot");
  EXPECT_EQ(s["at"], 5000);
  EXPECT_EQ(s["agents"].size(), 1u);
  EXPECT_EQ(s["teams"][0]["team"], "sav-1");
  EXPECT_EQ(s["alerts"][0]["id"], "a1");
  EXPECT_EQ(s["nodes"][0]["node"], "acd-1");
  ASSERT_TRUE(floor.last_query.has_value());
  EXPECT_EQ(floor.last_query->state, AlertStateFilter::active);
}

}  // namespace
}  // namespace vigie::api
