// Storage faults against real SQLite files and real gateway processes: a
// damaged store refuses to start and is left untouched, a read-only store is
// refused with a clear error, and a full disk while running holds messages
// unacknowledged (healthz 503) until space returns, then stores each once.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "broker.hpp"
#include "command.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using nlohmann::json;
using namespace vigie::testing;

namespace {

const std::string kEpoch = "9f2c41d07a3be810";
const std::string kNodeTopic = "vigie/v1/paris-1/node/acd-1/";

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_bytes(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// A gateway configuration whose store is STORE (the broker is never reached by
// the start-up tests: the gateway refuses before connecting).
std::filesystem::path write_config(const std::filesystem::path& dir,
                                   const std::filesystem::path& store,
                                   const std::string& broker_url, int http_port,
                                   const std::string& extra_yaml = "") {
  std::filesystem::create_directories(dir);
  const auto file = dir / "vigie.yaml";
  std::ofstream(file) << "site: paris-1\ngateway_id: gw-store\nbroker:\n  url: " << broker_url
                      << "\nstore:\n  path: " << store.string()
                      << "\nhttp:\n  listen: 127.0.0.1:" << http_port << "\n"
                      << extra_yaml;
  return file;
}

// Before a gateway that should refuse its store: one that starts instead (and would run on,
// its broker unreachable) is ended, so the test fails rather than hangs. A guard, not a timing.
const std::string kRefusedWithin = "timeout 60 ";

// kTestToken, as an admin token of a configuration (its SHA-256).
const std::string kTestTokenYaml =
    "tokens:\n  - {name: test, role: admin, sha256: "
    "\"006e2023559d50e5c2f10c7dfa6549e77350f22a0539a79d2b79e7aab3385839\"}\n";

class StoreFault : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // A sound store holding events 1..N, written by a real gateway and closed cleanly
  // (its WAL checkpointed into the file).
  std::filesystem::path sound_store(std::uint64_t n) {
    Broker broker(dir_ / "broker");
    GatewayProcess gateway(dir_ / "maker", broker.url());
    MqttClient node(broker.url(), "test-node-acd-1");
    node.subscribe(kNodeTopic + "ack");
    for (std::uint64_t from = 1; from <= n; from += 50)
      node.publish(kNodeTopic + "evt", batch_json("acd-1", kEpoch, from, from + 49));
    const bool acked = eventually([&] {
      const auto last = node.last(kNodeTopic + "ack");
      return !last.empty() && json::parse(last)["seq"].get<std::uint64_t>() == n;
    });
    EXPECT_TRUE(acked) << gateway.log_text();
    EXPECT_EQ(gateway.terminate(), 0);
    return gateway.db_path();
  }

  // Starts the gateway on STORE; it must refuse: exit 1, the file named, the
  // problem said, and the file's bytes unchanged.
  void expect_refused(const std::filesystem::path& store, const std::string& problem) {
    const auto before = slurp(store);
    const auto config = write_config(dir_ / "refused", store, "tcp://127.0.0.1:1", free_port());
    const auto r =
        run_command(kRefusedWithin + vigie_binary() + " gateway --config " + config.string());
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_NE(r.output.find(store.string()), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(problem), std::string::npos) << r.output;
    EXPECT_EQ(slurp(store), before) << "the damaged file was modified";
    EXPECT_FALSE(std::filesystem::exists(store.string() + "-wal"));
  }

  std::filesystem::path dir_;
};

TEST_F(StoreFault, FileOfRandomBytesIsRefusedAndLeftUntouched) {
  const auto store = dir_ / "random.db";
  std::mt19937 rng(7);
  std::string bytes(64 * 1024, '\0');
  for (auto& c : bytes) c = static_cast<char>(rng());
  write_bytes(store, bytes);
  expect_refused(store, "is damaged: file is not a database");
}

TEST_F(StoreFault, NonSqliteFileIsRefused) {
  const auto store = dir_ / "notes.db";
  write_bytes(store, "site: paris-1\nthis is a YAML file, not a store\n");
  expect_refused(store, "is damaged: file is not a database");
}

TEST_F(StoreFault, StoreTruncatedMidPageIsRefused) {
  const auto sound = sound_store(500);
  const auto store = dir_ / "truncated.db";
  std::filesystem::copy_file(sound, store);
  const auto size = std::filesystem::file_size(store);
  ASSERT_GT(size, 8 * 4096u);
  std::filesystem::resize_file(store, (size / 2 / 4096) * 4096 + 1000);
  expect_refused(store, "is damaged: database disk image is malformed");
}

TEST_F(StoreFault, StoreWithACorruptedPageIsRefused) {
  const auto sound = sound_store(500);
  const auto store = dir_ / "corrupted.db";
  std::filesystem::copy_file(sound, store);
  // The events table's root page: its b-tree page header is overwritten.
  const auto root = run_command("sqlite3 " + store.string() +
                                " \"SELECT rootpage FROM sqlite_master WHERE name = 'events'\"");
  ASSERT_EQ(root.code, 0) << root.output;
  const std::size_t page = std::stoul(root.output) - 1;
  auto bytes = slurp(store);
  ASSERT_GT(bytes.size(), (page + 1) * 4096);
  for (std::size_t i = 0; i < 64; ++i) bytes[page * 4096 + i] = static_cast<char>(0xA5);
  write_bytes(store, bytes);
  expect_refused(store, "is damaged:");
}

TEST_F(StoreFault, SoundStoreStillStarts) {
  // The check that refuses damage must let a sound store through (the test that can fail).
  const auto sound = sound_store(100);
  Broker broker(dir_ / "broker2");
  const auto config = write_config(dir_ / "again", sound, broker.url(), free_port());
  Process gateway({vigie_binary(), "gateway", "--config", config.string()}, dir_ / "again.log");
  EXPECT_TRUE(eventually([&] {
    const auto log = gateway.log_text();
    return log.find("engine rebuilt from 100 stored events") != std::string::npos;
  })) << gateway.log_text();
}

// ---- a 0-byte store and `--init` ----------------------------------------------

// A store emptied by accident (a failed copy, a restore cut short) is not silently
// replaced by a new, empty store: that would start a second history unnoticed.
TEST_F(StoreFault, EmptyStoreFileIsRefusedWithoutInit) {
  const auto store = dir_ / "empty.db";
  write_bytes(store, "");
  expect_refused(store, "is empty (0 bytes)");
  const auto config = write_config(dir_ / "refused", store, "tcp://127.0.0.1:1", free_port());
  const auto r =
      run_command(kRefusedWithin + vigie_binary() + " gateway --config " + config.string());
  EXPECT_NE(r.output.find("--init"), std::string::npos) << r.output;
  EXPECT_EQ(std::filesystem::file_size(store), 0u);
  EXPECT_FALSE(std::filesystem::exists(store.string() + "-shm"));
}

TEST_F(StoreFault, EmptyStoreFileWithInitBecomesANewStore) {
  Broker broker(dir_ / "broker");
  const auto store = dir_ / "empty.db";
  write_bytes(store, "");
  const int port = free_port();
  const auto config = write_config(dir_ / "init", store, broker.url(), port);
  Process gateway({vigie_binary(), "gateway", "--config", config.string(), "--init"},
                  dir_ / "init.log");
  // Serving: it runs, with its signal handler, before it is stopped.
  ASSERT_TRUE(eventually([&] { return http_get(port, "/healthz").rfind("200", 0) == 0; }))
      << gateway.log_text();
  EXPECT_NE(gateway.log_text().find("engine rebuilt from 0 stored events"), std::string::npos);
  EXPECT_EQ(gateway.stop(SIGTERM), 0);
  const auto check = run_command("sqlite3 " + store.string() +
                                 " \"PRAGMA quick_check; SELECT count(*) FROM events\"");
  EXPECT_EQ(check.output, "ok\n0\n");
}

TEST_F(StoreFault, MissingStoreIsCreatedWithoutInit) {
  Broker broker(dir_ / "broker");
  const auto store = dir_ / "new" / "vigie.db";
  const int port = free_port();
  const auto config = write_config(dir_ / "create", store, broker.url(), port);
  Process gateway({vigie_binary(), "gateway", "--config", config.string()}, dir_ / "create.log");
  ASSERT_TRUE(eventually([&] { return http_get(port, "/healthz").rfind("200", 0) == 0; }))
      << gateway.log_text();
  EXPECT_NE(gateway.log_text().find("engine rebuilt from 0 stored events"), std::string::npos);
  EXPECT_EQ(gateway.stop(SIGTERM), 0);
  EXPECT_GT(std::filesystem::file_size(store), 0u);
}

TEST_F(StoreFault, InitKeepsASoundStoreAsItIs) {
  const auto sound = sound_store(100);
  Broker broker(dir_ / "broker2");
  const auto config = write_config(dir_ / "again", sound, broker.url(), free_port());
  Process gateway({vigie_binary(), "gateway", "--config", config.string(), "--init"},
                  dir_ / "again.log");
  EXPECT_TRUE(eventually([&] {
    return gateway.log_text().find("engine rebuilt from 100 stored events") != std::string::npos;
  })) << gateway.log_text();
}

TEST_F(StoreFault, InitDoesNotReplaceADamagedStore) {
  const auto store = dir_ / "notes.db";
  write_bytes(store, "site: paris-1\nthis is a YAML file, not a store\n");
  const auto config = write_config(dir_ / "refused", store, "tcp://127.0.0.1:1", free_port());
  const auto r = run_command(kRefusedWithin + vigie_binary() + " gateway --config " +
                             config.string() + " --init");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("is damaged: file is not a database"), std::string::npos) << r.output;
  EXPECT_EQ(slurp(store), "site: paris-1\nthis is a YAML file, not a store\n");
}

TEST_F(StoreFault, EmptyStoreBesideAWriteAheadLogIsRefusedEvenWithInit) {
  // Its -wal may hold the store's last transactions: a new store must not take their place.
  const auto store = dir_ / "empty.db";
  write_bytes(store, "");
  write_bytes(store.string() + "-wal", std::string(4096, '\x01'));
  const auto config = write_config(dir_ / "refused", store, "tcp://127.0.0.1:1", free_port());
  const auto r = run_command(kRefusedWithin + vigie_binary() + " gateway --config " +
                             config.string() + " --init");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find(store.string() + "-wal"), std::string::npos) << r.output;
  EXPECT_EQ(std::filesystem::file_size(store), 0u);
  EXPECT_EQ(std::filesystem::file_size(store.string() + "-wal"), 4096u);
}

TEST_F(StoreFault, GatewayHelpNamesInit) {
  const auto r = run_vigie("gateway --help");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.output.find("--init"), std::string::npos) << r.output;
}

// Root ignores file permissions: the gateway then runs as nobody (setpriv, util-linux),
// as systemd runs it under its own user.
std::string as_unprivileged() {
  return ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
}

TEST_F(StoreFault, ReadOnlyStoreFileIsRefusedWithAClearError) {
  const auto sound = sound_store(100);
  const auto store = dir_ / "ro" / "vigie.db";
  std::filesystem::create_directories(store.parent_path());
  std::filesystem::copy_file(sound, store);
  std::filesystem::permissions(store, std::filesystem::perms::owner_read |
                                          std::filesystem::perms::group_read |
                                          std::filesystem::perms::others_read);
  const auto before = slurp(store);
  const auto config = write_config(dir_ / "ro-config", store, "tcp://127.0.0.1:1", free_port());
  std::filesystem::permissions(dir_, std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
  const auto r =
      run_command(as_unprivileged() + vigie_binary() + " gateway --config " + config.string());
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find(store.string() + " is read-only"), std::string::npos) << r.output;
  EXPECT_EQ(slurp(store), before);
}

// ---- a full disk while running -------------------------------------------------

// A small tmpfs of its own: the store fills it, and deleting a filler file gives the
// space back. A real ENOSPC from the kernel, as on a full /var. Needs mount(2), so
// root (CI runs as root on a fresh machine).
class FullDisk : public StoreFault {
 protected:
  void SetUp() override {
    StoreFault::SetUp();
    disk_ = dir_ / "disk";
    std::filesystem::create_directories(disk_);
    ASSERT_EQ(::mount("vigie-test", disk_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=8m"), 0)
        << "mounting a tmpfs for the full-disk test needs root: " << std::strerror(errno);
    mounted_ = true;
  }
  void TearDown() override {
    if (HasFailure() && gateway_) std::cerr << "--- gateway log ---\n" << gateway_->log_text();
    gateway_.reset();
    if (mounted_) ::umount2(disk_.c_str(), MNT_DETACH);
    StoreFault::TearDown();
  }

  // Writes FILE until the disk refuses: the disk is then full.
  void fill(const std::filesystem::path& file) {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    const std::string chunk(64 * 1024, 'x');
    while (std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size()) {
    }
    std::fclose(f);  // the last partial chunk fails to flush: ENOSPC
  }

  std::filesystem::path disk_;
  bool mounted_ = false;
  std::unique_ptr<Process> gateway_;
};

TEST_F(FullDisk, CommitFailsUnacknowledgedHealthz503ThenRecoversStoringEachOnce) {
  Broker broker(dir_ / "broker");
  const int port = free_port();
  const auto config =
      write_config(dir_ / "gw", disk_ / "vigie.db", broker.url(), port, kTestTokenYaml);
  gateway_ = std::make_unique<Process>(
      std::vector<std::string>{vigie_binary(), "gateway", "--config", config.string()},
      dir_ / "gateway.log");
  ASSERT_TRUE(eventually([&] { return http_get(port, "/healthz").rfind("200", 0) == 0; }));
  MqttClient node(broker.url(), "test-node-acd-1");
  node.subscribe(kNodeTopic + "ack");
  auto acked = [&] {
    const auto last = node.last(kNodeTopic + "ack");
    return last.empty() ? 0 : json::parse(last)["seq"].get<std::uint64_t>();
  };
  std::uint64_t sent = 0;
  auto send = [&](std::uint64_t n) {
    node.publish(kNodeTopic + "evt", batch_json("acd-1", kEpoch, sent + 1, sent + n));
    sent += n;
  };
  send(100);
  ASSERT_TRUE(eventually([&] { return acked() == 100; }));

  fill(disk_ / "filler");
  // The WAL reuses the room it already has: events go on until a commit needs more.
  std::string health;
  for (int i = 0; i < 400; ++i) {
    send(500);
    health = http_get(port, "/healthz");
    if (health.rfind("503", 0) == 0) break;
  }
  ASSERT_EQ(health.rfind("503", 0), 0u) << "the store never filled: " << health;
  std::cout << "store full after " << sent << " events sent: " << health << std::endl;
  // Without a token the status alone; the store's error is for a token holder.
  EXPECT_EQ(health, "503 {\"status\":\"degraded\"}");
  const auto detailed = http_get(port, "/healthz", kTestToken);
  ASSERT_EQ(detailed.rfind("503 ", 0), 0u) << detailed;
  const auto body = json::parse(detailed.substr(4));
  EXPECT_EQ(body["store"], false);
  EXPECT_NE(body["store_error"].get<std::string>().find("full"), std::string::npos) << detailed;
  EXPECT_TRUE(eventually([&] {
    return gateway_->log_text().find("vigie: store: commit failed") != std::string::npos;
  }));
  // Held, not acknowledged: the node's ack stays below what it sent.
  const auto acked_while_full = acked();
  EXPECT_LT(acked_while_full, sent);
  send(500);  // more traffic meanwhile: the broker keeps it for the session
  // Still running and still retrying (healthz answers, the failure counter grows).
  EXPECT_TRUE(eventually([&] {
    const auto m = http_get(port, "/metrics");
    const std::string name = "\nvigie_store_commit_failures_total ";
    const auto at = m.find(name);
    return at != std::string::npos && std::stoul(m.substr(at + name.size())) >= 3;
  }));
  EXPECT_TRUE(gateway_->running());

  std::filesystem::remove(disk_ / "filler");  // space returns
  EXPECT_TRUE(eventually([&] { return http_get(port, "/healthz").rfind("200", 0) == 0; }));
  EXPECT_TRUE(eventually([&] { return acked() == sent; })) << "acked " << acked() << " of " << sent;
  EXPECT_NE(gateway_->log_text().find("vigie: store: writable again"), std::string::npos);

  // Every event exactly once, through the gateway's own store.
  EXPECT_EQ(gateway_->stop(SIGTERM), 0);
  const auto count =
      run_command("sqlite3 " + (disk_ / "vigie.db").string() +
                  " 'SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM events'");
  EXPECT_EQ(count.output, std::to_string(sent) + "|" + std::to_string(sent) + "|1|" +
                              std::to_string(sent) + "\n");
}

}  // namespace
