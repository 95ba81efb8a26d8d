// `vigie backup` against a running gateway (WAL, a real Mosquitto feeding it):
// the copy is consistent, holds every event acknowledged before it, and serves
// as the store of a new gateway (the restore).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "broker.hpp"
#include "command.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using nlohmann::json;
using namespace vigie::testing;

namespace {

const std::string kEpoch = "9f2c41d07a3be810";
const std::string kNodeTopic = "vigie/v1/paris-1/node/acd-1/";

// One line of `sqlite3 FILE SQL`, without its newline.
std::string sql(const std::filesystem::path& file, const std::string& query) {
  auto r = run_command("sqlite3 " + file.string() + " \"" + query + "\"");
  if (!r.output.empty() && r.output.back() == '\n') r.output.pop_back();
  return r.output;
}

class Backup : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-backup-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  std::string backup(const std::filesystem::path& config, const std::string& out) {
    return vigie_binary() + " backup --config " + config.string() + " --out " + out;
  }
  std::filesystem::path dir_;
};

TEST_F(Backup, CopyTakenWhileIngestingHoldsEveryAckedEventAndRestores) {
  Broker broker(dir_ / "broker");
  auto gateway = std::make_unique<GatewayProcess>(dir_ / "gw", broker.url());
  MqttClient node(broker.url(), "test-node-acd-1");
  node.subscribe(kNodeTopic + "ack");
  auto acked = [&] {
    const auto last = node.last(kNodeTopic + "ack");
    return last.empty() ? 0 : json::parse(last)["seq"].get<std::uint64_t>();
  };
  for (std::uint64_t from = 1; from <= 1000; from += 50)
    node.publish(kNodeTopic + "evt", batch_json("acd-1", kEpoch, from, from + 49));
  ASSERT_TRUE(eventually([&] { return acked() == 1000; }));

  // Events keep arriving while the backup is taken.
  std::atomic<bool> done{false};
  std::thread feeder([&] {
    for (std::uint64_t from = 1001; from <= 3000; from += 50)
      node.publish(kNodeTopic + "evt", batch_json("acd-1", kEpoch, from, from + 49));
    done = true;
  });
  const auto out = dir_ / "copies" / "vigie-backup.db";
  std::filesystem::create_directories(out.parent_path());
  const auto r = run_command(backup(gateway->config_path(), out.string()));
  feeder.join();
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("integrity ok"), std::string::npos) << r.output;

  // One self-contained, sound file (no -wal beside it, no temporary left).
  EXPECT_EQ(sql(out, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(sql(out, "PRAGMA journal_mode"), "delete");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(out.parent_path()),
                          std::filesystem::directory_iterator()),
            1);
  // A consistent snapshot: a prefix 1..K of the stream, K at least what was acked before.
  const auto k = std::stoull(sql(out, "SELECT count(*) FROM events"));
  std::cout << "the copy holds events 1.." << k << " of 3000 sent" << std::endl;
  EXPECT_GE(k, 1000u);
  EXPECT_EQ(
      sql(out, "SELECT count(DISTINCT seq) || '|' || min(seq) || '|' || max(seq) FROM events"),
      std::to_string(k) + "|1|" + std::to_string(k));
  ASSERT_TRUE(eventually([&] { return acked() == 3000; }));

  // Restore: the copy becomes the store of a new gateway, which then takes the rest.
  gateway->terminate();
  gateway.reset();
  const auto restored_dir = dir_ / "restored";
  std::filesystem::create_directories(restored_dir);
  std::filesystem::copy_file(out, restored_dir / "vigie.db");
  // The same site's keys, as a restore on the same machine keeps them.
  std::filesystem::copy(dir_ / "gw" / "secrets", restored_dir / "secrets",
                        std::filesystem::copy_options::recursive);
  GatewayProcess restored(restored_dir, broker.url());
  EXPECT_NE(restored.log_text().find("engine rebuilt from " + std::to_string(k) + " stored events"),
            std::string::npos)
      << restored.log_text();
  for (std::uint64_t from = 1; from <= 3000; from += 50)
    node.publish(kNodeTopic + "evt", batch_json("acd-1", kEpoch, from, from + 49));
  EXPECT_TRUE(eventually([&] { return restored.query("SELECT count(*) FROM events") == 3000; }))
      << restored.log_text();
  EXPECT_EQ(restored.query("SELECT count(DISTINCT seq) FROM events"), 3000);
}

TEST_F(Backup, BadInputIsRefusedWithExitCode2) {
  Broker broker(dir_ / "broker");
  GatewayProcess gateway(dir_ / "gw", broker.url());
  const auto config = gateway.config_path().string();

  auto r = run_command(vigie_binary() + " backup --config " + config);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("backup needs --config and --out"), std::string::npos) << r.output;

  r = run_command(backup(config, (dir_ / "no-such-dir" / "copy.db").string()));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("is not a directory"), std::string::npos) << r.output;

  r = run_command(backup(config, dir_.string()));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("it is a directory"), std::string::npos) << r.output;

  std::ofstream(dir_ / "nostore.yaml") << "site: paris-1\nstore:\n  path: missing/vigie.db\n";
  r = run_command(backup(dir_ / "nostore.yaml", (dir_ / "copy.db").string()));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("no store at " + (dir_ / "missing" / "vigie.db").string()),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "missing"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "copy.db"));
  EXPECT_TRUE(gateway.running());  // the gateway goes on
}

TEST_F(Backup, DamagedStoreGivesNoCopyAndExitCode1) {
  std::filesystem::create_directories(dir_ / "bad");
  std::ofstream(dir_ / "bad" / "vigie.db") << std::string(8192, 'z');
  std::ofstream(dir_ / "bad.yaml") << "site: paris-1\nstore:\n  path: bad/vigie.db\n";
  const auto r = run_command(backup(dir_ / "bad.yaml", (dir_ / "copy.db").string()));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("file is not a database"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "copy.db"));
  for (const auto& e : std::filesystem::directory_iterator(dir_))
    EXPECT_EQ(e.path().filename().string().find("copy.db.tmp"), std::string::npos) << e.path();
}

}  // namespace
