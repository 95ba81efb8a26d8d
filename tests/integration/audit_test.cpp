// Audit packs end to end: a simulated day through a real Mosquitto into a real
// gateway, `vigie audit export`, then `vigie audit verify` on the pack as
// exported (exit 0) and on copies tampered with one way each (exit 1, naming
// the entry or file at fault). No raw agent identifier may be in a pack.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "broker.hpp"
#include "command.hpp"
#include "evidence/signed_note.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using namespace vigie::testing;
using nlohmann::json;

namespace {

// 2026-11-23 07:00 Europe/Paris, fixed so the capture never changes; a day that
// is over, so the export adds each agent's daily summary.
constexpr const char* kMonday = "1795413600000";

using CliRun = CommandRun;

std::string read_all(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_all(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string joined(const std::vector<std::string>& ls) {
  std::string out;
  for (const auto& l : ls) out += l + "\n";
  return out;
}

// entries.jsonl.gz opened as an auditor would, with gzip(1).
std::string gunzipped(const std::filesystem::path& p) {
  const auto plain = p.string() + ".plain";
  EXPECT_EQ(std::system(("gzip -dc '" + p.string() + "' > '" + plain + "'").c_str()), 0);
  auto text = read_all(plain);
  std::filesystem::remove(plain);
  return text;
}

void write_gzipped(const std::filesystem::path& p, const std::string& text) {
  const auto plain = p.string() + ".plain";
  write_all(plain, text);
  EXPECT_EQ(std::system(("gzip -c '" + plain + "' > '" + p.string() + "'").c_str()), 0);
  std::filesystem::remove(plain);
}

class AuditPack : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_GE(sodium_init(), 0);
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("vigie-audit-it-" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    const auto capture = *dir_ / "day.jsonl";
    const std::string sim = std::string(VIGIE_SIM_BINARY) + " --capture " + capture.string() +
                            " --agents 8 --teams 2 --start " + kMonday +
                            " --duration 9h --seed 5 --skip-pauses 2 2>/dev/null";
    ASSERT_EQ(std::system(sim.c_str()), 0);
    agents_ = new std::set<std::string>;
    std::vector<json> messages;
    std::int64_t events = 0;
    {
      std::ifstream in(capture);
      for (std::string line; std::getline(in, line);) messages.push_back(json::parse(line));
    }
    for (const auto& m : messages)
      if (m["payload"].contains("events"))
        for (const auto& e : m["payload"]["events"]) {
          ++events;
          if (e.contains("agent")) agents_->insert(e["agent"].get<std::string>());
        }

    Broker broker(*dir_ / "broker");
    GatewayProcess gateway(*dir_ / "gateway", broker.url());
    ASSERT_TRUE(
        eventually([&] { return http_get(gateway.http_port(), "/healthz").rfind("200", 0) == 0; }));
    MqttClient client(broker.url(), "audit-test-feeder");
    for (const auto& m : messages) {
      const std::string topic = m["topic"];
      client.publish(topic, m["payload"].dump(), !topic.ends_with("/evt"));
    }
    ASSERT_TRUE(eventually([&] { return gateway.query("SELECT count(*) FROM events") == events; }))
        << gateway.log_text();
    // The ledger follows the store within a second or so.
    ASSERT_TRUE(eventually([&] {
      return gateway.query("SELECT count(*) FROM ledger_entries WHERE src = 'alert_transitions'") ==
                 gateway.query("SELECT count(*) FROM alert_transitions") &&
             gateway.query("SELECT count(*) FROM alert_transitions") > 0;
    })) << gateway.log_text();
    // The newest checkpoint is retained on the broker: a copy off the gateway's disk.
    client.subscribe("vigie/v1/paris-1/checkpoint");
    checkpoint_on_mqtt_ = eventually([&] {
      return client.last("vigie/v1/paris-1/checkpoint").rfind("vigie/paris-1/gw-test\n", 0) == 0;
    });
    // The same evidence over HTTP, as the dashboard's audit page asks for it.
    // 2026-11-23 00:00 to 2026-12-01 00:00 Europe/Paris (UTC+1).
    http_checkpoint_ =
        new std::string(http_get(gateway.http_port(), "/api/v1/audit/checkpoint", kTestToken));
    http_pack_ = new std::string(http_get(
        gateway.http_port(), "/api/v1/audit/pack?from=1795395600000&to=1795482000000", kTestToken));
    http_no_token_ = new std::string(
        http_get(gateway.http_port(), "/api/v1/audit/pack?from=1795395600000&to=1795482000000"));
    EXPECT_EQ(gateway.terminate(), 0);
    config_ = new std::filesystem::path(gateway.config_path());
    transitions_ = gateway.query("SELECT count(*) FROM alert_transitions");

    // The store as the stopped gateway left it, then as the export leaves it.
    const auto db = config_->parent_path() / "vigie.db";
    const auto store_bytes = [&] {
      return read_all(db) + "\n-- wal --\n" + read_all(db.string() + "-wal");
    };
    const std::string before = store_bytes();
    pack_ = new std::filesystem::path(*dir_ / "pack");
    export_run_ =
        new CliRun(run_vigie("audit export --config " + config_->string() +
                             " --from 2026-11-23 --to 2026-11-23 --out " + pack_->string()));
    store_unchanged_ = !before.empty() && store_bytes() == before;
  }
  static void TearDownTestSuite() {
    if (!::testing::UnitTest::GetInstance()->Failed()) std::filesystem::remove_all(*dir_);
  }

  // A copy of the pack to tamper with.
  std::filesystem::path copy(const std::string& name) {
    const auto to = *dir_ / ("tampered-" + name);
    std::filesystem::remove_all(to);
    std::filesystem::copy(*pack_, to);
    return to;
  }
  static CliRun verify(const std::filesystem::path& p, const std::string& extra = "") {
    return run_vigie("audit verify " + p.string() + extra);
  }

  static inline std::filesystem::path* dir_ = nullptr;
  static inline std::filesystem::path* config_ = nullptr;
  static inline std::filesystem::path* pack_ = nullptr;
  static inline std::set<std::string>* agents_ = nullptr;
  static inline CliRun* export_run_ = nullptr;
  static inline std::int64_t transitions_ = 0;
  static inline bool checkpoint_on_mqtt_ = false;
  static inline bool store_unchanged_ = false;
  static inline std::string* http_checkpoint_ = nullptr;
  static inline std::string* http_pack_ = nullptr;
  static inline std::string* http_no_token_ = nullptr;
};

}  // namespace

TEST_F(AuditPack, ExportedFromALiveDayVerifies) {
  ASSERT_EQ(export_run_->code, 0) << export_run_->output;
  const auto r = verify(*pack_);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("OK"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("self-consistency only"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("daily summaries were computed at export"), std::string::npos)
      << r.output;
  // Every alert transition of the day is in the pack, with node and load entries.
  // The gateway writes the last week's daily summaries; this day's are older,
  // so the export computed them into the pack rather than append them.
  auto entries = lines(gunzipped(*pack_ / "entries.jsonl.gz"));
  for (const auto& l : entries)
    EXPECT_NE(json::parse(l)["kind"], "agent.day") << "the gateway wrote no summary of this day";
  for (const auto& l : lines(read_all(*pack_ / "days-computed.jsonl"))) entries.push_back(l);
  std::int64_t alerts = 0, loads = 0, nodes = 0;
  std::size_t days = 0;
  for (const auto& l : entries) {
    const auto entry = json::parse(l);
    const auto kind = entry["kind"].get<std::string>();
    alerts += kind.rfind("alert.", 0) == 0;
    loads += kind.ends_with(".loaded");
    nodes += kind.rfind("node.", 0) == 0;
    if (kind == "agent.day") {
      ++days;
      const auto& d = entry["data"];
      EXPECT_EQ(d["date"], "2026-11-23");
      EXPECT_EQ(d["work_ms"].get<std::int64_t>() + d["pause_ms"].get<std::int64_t>() +
                    d["off_ms"].get<std::int64_t>(),
                std::int64_t{24} * 3600 * 1000);
      EXPECT_TRUE(d["criteria"].contains("BRK-01")) << d.dump();
    }
  }
  EXPECT_EQ(days, agents_->size()) << "one daily summary per agent";
  const auto report = read_all(*pack_ / "report.html");
  EXPECT_NE(report.find("BRK-01"), std::string::npos);
  EXPECT_NE(report.find("agent-days checked"), std::string::npos);
  EXPECT_EQ(lines(read_all(*pack_ / "days.csv")).size(), agents_->size() + 1);
  EXPECT_EQ(alerts, transitions_);
  EXPECT_GE(loads, 2) << "the référentiel and the configuration in force";
  EXPECT_GT(nodes, 0);
  for (const char* f : {"alerts.csv", "days.csv", "gaps.csv", "nodes.csv", "report.html",
                        "key.vkey", "days-computed.jsonl", "fingerprint.txt", "checkpoint.note",
                        "manifest.note", "ranges.jsonl", "entries.jsonl.gz"})
    EXPECT_TRUE(std::filesystem::exists(*pack_ / f)) << f;
  EXPECT_TRUE(checkpoint_on_mqtt_) << "a checkpoint is published retained on MQTT";
}

TEST_F(AuditPack, TheApiServesTheNewestCheckpointAndAPackThatVerifies) {
  ASSERT_EQ(http_checkpoint_->substr(0, 4), "200 ") << *http_checkpoint_;
  const auto checkpoint = json::parse(http_checkpoint_->substr(4));
  EXPECT_EQ(checkpoint["origin"], "vigie/paris-1/gw-test");
  EXPECT_GT(checkpoint["size"].get<std::int64_t>(), 0);
  EXPECT_EQ(checkpoint["fingerprint"].get<std::string>().rfind("SHA256:", 0), 0u);

  EXPECT_EQ(http_no_token_->substr(0, 4), "401 ") << "auditors only";
  ASSERT_EQ(http_pack_->substr(0, 4), "200 ") << http_pack_->substr(0, 300);
  const auto tar = *dir_ / "api-pack.tar";
  write_all(tar, http_pack_->substr(4));
  const auto out = *dir_ / "api-pack";
  std::filesystem::create_directories(out);
  ASSERT_EQ(std::system(("tar -xf " + tar.string() + " -C " + out.string()).c_str()), 0);
  std::filesystem::path pack;
  for (const auto& d : std::filesystem::directory_iterator(out)) pack = d.path();
  ASSERT_FALSE(pack.empty()) << "the archive holds one folder";
  const auto r = verify(pack, " --key " + checkpoint["fingerprint"].get<std::string>());
  EXPECT_EQ(r.code, 0) << r.output;
}

TEST_F(AuditPack, VerifiesOnlyAgainstTheTrustedKey) {
  ASSERT_EQ(export_run_->code, 0) << export_run_->output;
  const std::string fp = lines(read_all(*pack_ / "fingerprint.txt")).at(0);
  const auto trusted = verify(*pack_, " --key " + fp);
  EXPECT_EQ(trusted.code, 0) << trusted.output;
  EXPECT_EQ(trusted.output.find("self-consistency only"), std::string::npos) << trusted.output;
  const auto r = verify(*pack_, " --key SHA256:" + std::string(64, '0'));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("not the expected"), std::string::npos) << r.output;
}

TEST_F(AuditPack, TheKeyIsReadInAnyCaseWithSpacesAndAMalformedOneIsAUsageError) {
  ASSERT_EQ(export_run_->code, 0) << export_run_->output;
  const std::string fp = lines(read_all(*pack_ / "fingerprint.txt")).at(0);
  std::string upper = fp;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& form :
       std::vector<std::string>{upper, "sha256:" + fp.substr(7), "' " + fp + "  '"}) {
    const auto r = verify(*pack_, " --key " + form);
    EXPECT_EQ(r.code, 0) << form << ": " << r.output;
  }
  for (const auto& bad : std::vector<std::string>{"SHA256:zz", "SHA256:00", "'" + fp + "0'", "x"}) {
    const auto r = verify(*pack_, " --key " + bad);
    EXPECT_EQ(r.code, 2) << bad << ": " << r.output;
    EXPECT_NE(r.output.find("--key: not a fingerprint"), std::string::npos) << r.output;
  }
}

TEST_F(AuditPack, ExportChangesNothingInTheStore) {
  ASSERT_EQ(export_run_->code, 0) << export_run_->output;
  EXPECT_TRUE(store_unchanged_) << "vigie.db (and its WAL) differ after the export";
}

TEST_F(AuditPack, EverySubcommandAnswersHelp) {
  for (const std::string sub : {"export", "verify"}) {
    for (const std::string flag : {"--help", "-h"}) {
      const auto r = run_vigie("audit " + sub + " " + flag);
      EXPECT_EQ(r.code, 0) << sub << " " << flag << ": " << r.output;
      EXPECT_NE(r.output.find("usage: vigie audit " + sub), std::string::npos) << r.output;
    }
  }
  EXPECT_EQ(run_vigie("audit --help").code, 0);
}

TEST_F(AuditPack, ContainsNoRawAgentIdentifier) {
  ASSERT_EQ(export_run_->code, 0) << export_run_->output;
  ASSERT_FALSE(agents_->empty());
  for (const auto& f : std::filesystem::directory_iterator(*pack_)) {
    const auto text = f.path().extension() == ".gz" ? gunzipped(f.path()) : read_all(f.path());
    for (const auto& id : *agents_) {
      for (const std::string& form : {"\"" + id + "\"", "agent." + id + ":", "agent." + id + "\"",
                                      "agent." + id + ",", "agent." + id + " "})
        EXPECT_EQ(text.find(form), std::string::npos)
            << f.path().filename() << " holds agent " << id << " as " << form;
    }
  }
}

TEST_F(AuditPack, EachTamperingFailsAndNamesTheCulprit) {
  ASSERT_EQ(export_run_->code, 0) << export_run_->output;
  auto entries = lines(gunzipped(*pack_ / "entries.jsonl.gz"));
  ASSERT_GE(entries.size(), 4u);
  const auto idx_of = [&](std::size_t line) {
    return std::to_string(json::parse(entries[line])["idx"].get<std::int64_t>());
  };
  struct Case {
    std::string name;
    std::function<void(const std::filesystem::path&)> tamper;
    std::string culprit;
  };
  const std::size_t k = entries.size() / 2;
  const std::string gz = "entries.jsonl.gz";
  std::vector<Case> cases = {
      {"one byte of an entry",
       [&](const auto& p) {
         auto e = entries;
         const auto at = e[k].find("\"at\":") + 6;
         e[k][at] = e[k][at] == '1' ? '2' : '1';
         write_gzipped(p / gz, joined(e));
       },
       // A range proof names the run's lines: the entry is among them.
       gz + " lines "},
      {"an entry dropped",
       [&](const auto& p) {
         auto e = entries;
         e.erase(e.begin() + static_cast<long>(k));
         write_gzipped(p / gz, joined(e));
       },
       "entry " + idx_of(k + 1) + " (" + gz + " line " + std::to_string(k + 1) +
           "): where the run"},
      {"an entry added",
       [&](const auto& p) {
         auto e = entries;
         auto forged = json::parse(e[k]);
         forged["idx"] = forged["idx"].get<std::int64_t>() + 1000000;
         e.push_back(forged.dump());
         write_gzipped(p / gz, joined(e));
       },
       gz + " line " + std::to_string(entries.size() + 1) + ": 1 entries beyond the runs"},
      {"two entries swapped",
       [&](const auto& p) {
         auto e = entries;
         std::swap(e[k], e[k + 1]);
         write_gzipped(p / gz, joined(e));
       },
       "entry " + idx_of(k + 1) + " (" + gz + " line " + std::to_string(k + 1) +
           "): where the run"},
      {"the key swapped",
       [&](const auto& p) {
         // Another key of the same name: nothing in the pack is signed by it.
         const auto other = vigie::evidence::SigningKey::load_or_create(*dir_ / "other.key",
                                                                        "vigie/paris-1/gw-test");
         write_all(p / "key.vkey", other.verifier_key() + "\n");
       },
       "manifest.note"},
      {"the report edited",
       [&](const auto& p) { write_all(p / "report.html", read_all(p / "report.html") + " "); },
       "report.html: content differs"},
      {"a file added", [&](const auto& p) { write_all(p / "extra.csv", "x\n"); },
       "extra.csv: not in the manifest"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto p = copy(std::to_string(&c - cases.data()));
    c.tamper(p);
    const auto r = verify(p);
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_NE(r.output.find(c.culprit), std::string::npos)
        << "expected the culprit '" << c.culprit << "' in:\n"
        << r.output;
  }
}

TEST_F(AuditPack, BadUsageAndAnEmptyLedgerAreRefusedClearly) {
  EXPECT_EQ(run_vigie("audit").code, 2);
  EXPECT_EQ(run_vigie("audit export --config " + config_->string() +
                      " --from 2026-13-01 --to "
                      "2026-11-23 --out " +
                      (*dir_ / "x").string())
                .code,
            2);
  EXPECT_EQ(run_vigie("audit export --config " + config_->string() +
                      " --from 2026-11-23 --to "
                      "2026-11-22 --out " +
                      (*dir_ / "x").string())
                .code,
            2);
  const auto r = run_vigie("audit export --config " + config_->string() +
                           " --from 2026-11-23 --to 2026-11-23 --out " + pack_->string());
  EXPECT_EQ(r.code, 1) << "the pack's directory is not empty: " << r.output;
  EXPECT_NE(r.output.find("not an empty directory"), std::string::npos) << r.output;
  EXPECT_EQ(run_vigie("audit verify " + (*dir_ / "nowhere").string()).code, 2);
  const auto empty = *dir_ / "empty-pack";
  std::filesystem::create_directories(empty);
  const auto v = run_vigie("audit verify " + empty.string());
  EXPECT_EQ(v.code, 1);
  EXPECT_NE(v.output.find("key.vkey: missing"), std::string::npos) << v.output;
}

TEST(Retention, TheGatewayPurgesOldRawEventsAtStartAndKeepsItsCheckpointsValid) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("vigie-retention-it-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Broker broker(dir / "broker");
  {
    GatewayProcess gateway(dir / "gateway", broker.url(), "retention:\n  raw_days: 2\n");
    ASSERT_TRUE(eventually([&] { return gateway.query("SELECT count(*) FROM checkpoints") > 0; }));
    EXPECT_EQ(gateway.terminate(), 0);
  }
  // Two events received long ago, one just now (times in ms since the epoch).
  const auto db = dir / "gateway" / "vigie.db";
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string sql =
      "INSERT INTO events (node, epoch, seq, ts, type, received_at) VALUES"
      " ('acd-1', 'e1', 1, 1, 'agent.state', 1000), ('acd-1', 'e1', 2, 2, 'agent.state', 2000),"
      " ('acd-1', 'e1', 3, 3, 'agent.state', " +
      std::to_string(now_ms) + ");";
  ASSERT_EQ(std::system(("sqlite3 " + db.string() + " \"" + sql + "\"").c_str()), 0);
  GatewayProcess gateway(dir / "gateway", broker.url(), "retention:\n  raw_days: 2\n");
  ASSERT_TRUE(eventually([&] { return gateway.query("SELECT count(*) FROM events") == 1; }))
      << gateway.log_text();
  EXPECT_EQ(gateway.query("SELECT count(*) FROM events WHERE seq = 3"), 1);
  EXPECT_EQ(gateway.terminate(), 0);
  const auto pack = dir / "pack";
  const auto out = run_vigie("audit export --config " + gateway.config_path().string() +
                             " --from 2020-01-01 --to 2030-12-31 --out " + pack.string());
  ASSERT_EQ(out.code, 0) << out.output;
  const auto v = run_vigie("audit verify " + pack.string());
  EXPECT_EQ(v.code, 0) << v.output;
  std::filesystem::remove_all(dir);
}
