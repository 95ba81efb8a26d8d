// A simulated centre's day, captured by vigie-sim and published through a
// real Mosquitto: every event stored once, nothing quarantined, no gap.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using namespace vigie::testing;

TEST(SimIngest, SimulatedMorningIsStoredWithoutLossOrQuarantine) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("vigie-it-sim-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto capture = (dir / "morning.jsonl").string();
  const std::string cmd = std::string(VIGIE_SIM_BINARY) + " --capture " + capture +
                          " --agents 12 --teams 2 --start 1796018400000 --duration 3h --seed 5";
  ASSERT_EQ(std::system(cmd.c_str()), 0);

  Broker broker(dir / "broker");
  GatewayProcess gateway(dir / "gateway", broker.url());
  MqttClient node(broker.url(), "sim-capture-player");
  const auto events = publish_capture(node, capture);
  ASSERT_GT(events, 500u);
  ASSERT_TRUE(eventually([&] {
    return gateway.query("SELECT value FROM counters WHERE name = 'events_stored'") ==
           static_cast<std::int64_t>(events);
  })) << gateway.log_text();
  EXPECT_EQ(gateway.query("SELECT count(*) FROM quarantine"), 0);
  EXPECT_EQ(gateway.query("SELECT count(*) FROM gaps"), 0);
  EXPECT_EQ(gateway.query("SELECT count(*) FROM nodes WHERE state = 'online'"), 3);
  EXPECT_EQ(gateway.query("SELECT count(DISTINCT agent) FROM events WHERE type = 'agent.state'"),
            12);
  if (!HasFailure()) std::filesystem::remove_all(dir);
}
