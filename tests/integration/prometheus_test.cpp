// /metrics as Prometheus sees it: promtool (Debian's prometheus package) finds its
// names clean, the shipped rules file valid, and a real Prometheus scraping a real
// gateway fed over a real Mosquitto answers queries of the working-condition gauges;
// no series names an agent.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "broker.hpp"
#include "command.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"
#include "process.hpp"
#include "webhook_receiver.hpp"

using namespace vigie::testing;
using nlohmann::json;

namespace {

json state(std::uint64_t seq, std::int64_t ts, const std::string& agent, const std::string& team,
           const std::string& s) {
  return {{"seq", seq},     {"ts", ts},     {"type", "agent.state"},
          {"agent", agent}, {"team", team}, {"state", s}};
}

class PrometheusScrape : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-prom-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    broker_ = std::make_unique<Broker>(dir_ / "broker");
    gateway_ = std::make_unique<GatewayProcess>(dir_ / "gateway", broker_->url());
    // Team sav-1: one agent talking, one available; team sav-2: one on a break. An
    // acoustic shock for 4001 (ENV-03 firing).
    MqttClient node(broker_->url(), "prom-test-acd");
    const auto t = now_ms() - 10 * 60'000;
    node.publish("vigie/v1/paris-1/node/acd-1/evt",
                 json{{"v", 1},
                      {"node", "acd-1"},
                      {"epoch", "00000000000000f1"},
                      {"until", t + 5000},
                      {"events",
                       {state(1, t, "4001", "sav-1", "talking"),
                        state(2, t + 1000, "4002", "sav-1", "available"),
                        {{"seq", 3},
                         {"ts", t + 2000},
                         {"type", "agent.state"},
                         {"agent", "4003"},
                         {"team", "sav-2"},
                         {"state", "not_ready"},
                         {"reason", "break"}},
                        {{"seq", 4},
                         {"ts", t + 3000},
                         {"type", "call.tag"},
                         {"agent", "4001"},
                         {"call", "c1"},
                         {"tags", {"acoustic_shock"}}}}}}
                     .dump());
    ASSERT_TRUE(eventually([&] {
      return http_get(gateway_->http_port(), "/metrics").find("state=\"firing\"} 1") !=
             std::string::npos;
    })) << http_get(gateway_->http_port(), "/metrics");
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- gateway ---\n" << gateway_->log_text();
    if (HasFailure() && prometheus_.running())
      std::cerr << "--- prometheus ---\n" << prometheus_.log_text();
    prometheus_.stop(SIGTERM);
    gateway_.reset();
    broker_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  std::string metrics_body() {
    const auto r = http_get(gateway_->http_port(), "/metrics");
    EXPECT_EQ(r.substr(0, 4), "200 ") << r;
    return r.substr(4);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<GatewayProcess> gateway_;
  Process prometheus_;
};

// Instant query against Prometheus's HTTP API: the result vector.
json query(int port, const std::string& promql) {
  const auto r = run_command("curl -s -G --data-urlencode 'query=" + promql +
                             "' http://127.0.0.1:" + std::to_string(port) + "/api/v1/query");
  const auto j = json::parse(r.output, nullptr, false);
  if (j.is_discarded() || j.value("status", "") != "success") return json::array();
  return j["data"]["result"];
}

}  // namespace

TEST_F(PrometheusScrape, PromtoolFindsTheMetricsAndTheShippedRulesClean) {
  const auto promtool = require_program("promtool", "prometheus");
  const auto file = dir_ / "metrics.txt";
  const auto body = metrics_body();
  std::ofstream(file) << body;
  const auto metrics = run_command(promtool + " check metrics < " + file.string());
  EXPECT_EQ(metrics.code, 0) << metrics.output << "\n" << body;
  for (const char* family :
       {"vigie_alerts_active{", "vigie_team_agents{", "vigie_team_occupancy_ratio{", "vigie_nodes{",
        "vigie_checkpoint_age_seconds ", "vigie_build_info{", "process_resident_memory_bytes ",
        "process_cpu_seconds_total ", "process_start_time_seconds ", "process_open_fds ",
        "vigie_events_stored_total "})
    EXPECT_NE(body.find(std::string("\n") + family), std::string::npos) << family;
  for (const char* agent : {"4001", "4002", "4003", "agent="})
    EXPECT_EQ(body.find(agent), std::string::npos) << agent << " in\n" << body;
  const auto rules = run_command(promtool + " check rules " + VIGIE_PROMETHEUS_RULES);
  EXPECT_EQ(rules.code, 0) << rules.output;
  EXPECT_NE(rules.output.find("SUCCESS"), std::string::npos) << rules.output;
}

TEST_F(PrometheusScrape, APrometheusScrapingTheGatewayAnswersWorkingConditionQueries) {
  const int port = free_port();
  std::ofstream(dir_ / "prometheus.yml")
      << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
      << "rule_files: ['" << VIGIE_PROMETHEUS_RULES << "']\n"
      << "scrape_configs:\n  - job_name: vigie\n    static_configs:\n"
      << "      - targets: ['127.0.0.1:" << gateway_->http_port() << "']\n";
  prometheus_ = Process({require_program("prometheus", "prometheus"),
                         "--config.file=" + (dir_ / "prometheus.yml").string(),
                         "--storage.tsdb.path=" + (dir_ / "tsdb").string(),
                         "--web.listen-address=127.0.0.1:" + std::to_string(port)},
                        dir_ / "prometheus.log");
  ASSERT_TRUE(eventually([&] { return !query(port, "up{job=\"vigie\"} == 1").empty(); }))
      << prometheus_.log_text();
  json talking;
  ASSERT_TRUE(eventually([&] {
    talking = query(port, "vigie_team_agents{team=\"sav-1\",state=\"talking\"}");
    return !talking.empty();
  }));
  EXPECT_EQ(talking[0]["value"][1], "1");
  EXPECT_EQ(query(port, "vigie_team_agents{team=\"sav-2\",state=\"not_ready\"}")[0]["value"][1],
            "1");
  EXPECT_EQ(query(port, "vigie_team_occupancy_ratio{team=\"sav-1\"}")[0]["value"][1], "0.5");
  const auto firing = query(port, "vigie_alerts_active{criterion=\"ENV-03\",state=\"firing\"}");
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0]["metric"]["severity"], "major");
  EXPECT_FALSE(query(port, "vigie_build_info").empty());
  EXPECT_FALSE(query(port, "process_resident_memory_bytes > 0").empty());
  // The shipped recording rules run over it.
  ASSERT_TRUE(eventually(
      [&] { return !query(port, "vigie:alerts_firing:sum{criterion=\"ENV-03\"} == 1").empty(); }));
  // Nothing Prometheus holds from the gateway names an agent.
  EXPECT_TRUE(query(port, "{job=\"vigie\",agent!=\"\"}").empty());
  EXPECT_FALSE(query(port, "{job=\"vigie\",team!=\"\"}").empty()) << "the control query works";
}
