// Sequencing against real processes: holes a fast backlog drain leaves are
// filled by resync, not given up; one gateway per store.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "broker.hpp"
#include "command.hpp"
#include "gateway_process.hpp"
#include "node_process.hpp"

using namespace vigie::testing;

namespace {

class SequencingLive : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-seq-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

// Event I of a day: a second apart, so 3,000 of them span 50 minutes of event time.
std::string day_line(std::uint64_t i) {
  static const char* states[] = {"available", "talking", "wrap_up", "available"};
  return "{\"ts\":" + std::to_string(kStreamBaseTs + static_cast<std::int64_t>(i) * 1000) +
         ",\"type\":\"agent.state\",\"agent\":\"a" + std::to_string(i % 7) +
         "\",\"team\":\"sav-1\",\"state\":\"" + states[i % 4] + "\"}";
}

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_F(SequencingLive, HolesLeftByAFastBacklogDrainAreFilledNotGivenUp) {
  // The broker keeps only 5 messages for the stopped gateway and drops the rest: holes
  // that only the node's journal can fill, in a backlog that spans 50 minutes of event
  // time but is sent in seconds.
  BrokerSecurity small_queue;
  small_queue.max_queued_messages = 5;
  Broker broker(dir_ / "broker", small_queue);
  GatewayProcess gateway(dir_ / "gateway", broker.url());
  NodeProcess node(dir_ / "nodes", broker.url(), "acd-1");
  for (std::uint64_t i = 1; i <= 100; ++i) node.write_line(day_line(i));
  ASSERT_TRUE(eventually([&] { return gateway.query("SELECT count(*) FROM events") == 100; }))
      << gateway.log_text();
  gateway.terminate();
  for (std::uint64_t i = 101; i <= 3000; ++i) node.write_line(day_line(i));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the node journals and sends
  gateway.start();
  EXPECT_EQ(node.finish(), 0) << node.log_text();  // every event acked: nothing lost
  ASSERT_TRUE(eventually([&] { return gateway.query("SELECT count(*) FROM events") == 3000; }))
      << gateway.log_text();
  EXPECT_EQ(gateway.query("SELECT count(DISTINCT seq) FROM events"), 3000);
  EXPECT_GE(gateway.query("SELECT count(*) FROM gaps"), 1) << "the broker dropped nothing";
  EXPECT_EQ(gateway.query("SELECT count(*) FROM gaps WHERE status != 'filled'"), 0);
  EXPECT_EQ(gateway.query("SELECT count(*) FROM alert_transitions WHERE"
                          " json_extract(alert, '$.criterion') = 'SYS-02'"),
            0)
      << "a hole the node could fill is no data gap";
}

TEST_F(SequencingLive, ASecondGatewayOnTheSameStoreIsRefusedAndTouchesNothing) {
  Broker broker(dir_ / "broker");
  GatewayProcess first(dir_ / "gateway", broker.url());
  // Frozen, the first one holds its lock and writes nothing while the second tries.
  ASSERT_EQ(::kill(first.pid(), SIGSTOP), 0);
  const auto db = first.db_path();
  const auto before = file_bytes(db) + file_bytes(db.string() + "-wal");
  const auto second = run_vigie("gateway --config " + first.config_path().string());
  const auto after = file_bytes(db) + file_bytes(db.string() + "-wal");
  ASSERT_EQ(::kill(first.pid(), SIGCONT), 0);
  EXPECT_EQ(second.code, 1) << second.output;
  EXPECT_NE(second.output.find("is in use by process " + std::to_string(first.pid())),
            std::string::npos)
      << second.output;
  EXPECT_TRUE(before == after) << "the second gateway wrote to the store";
  EXPECT_TRUE(first.running());
  EXPECT_EQ(http_get(first.http_port(), "/healthz").rfind("200", 0), 0u);
}
