// Witness cosigning end to end (C2SP tlog-witness, tlog-cosignature): a real gateway through
// a real Mosquitto submits its checkpoints to two real `vigie witness` processes (one over
// plain HTTP, one over HTTPS with its own CA); both cosign, the pack carries their
// cosignatures and verifies with --witness for each. Then a site admin rewrites one ledger
// entry in the store and re-signs with the site's key: the witnesses refuse (and log it),
// and the new pack, still self-consistent, fails `audit verify --witness`. Bad requests to a
// witness get a clear 4xx and it keeps running.
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <span>
#include <sstream>

#include "broker.hpp"
#include "command.hpp"
#include "evidence/merkle.hpp"
#include "evidence/signed_note.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"
#include "process.hpp"
#include "store/database.hpp"
#include "store/ledger_repository.hpp"
#include "test_pki.hpp"

using namespace vigie::testing;
namespace fs = std::filesystem;

namespace {

constexpr const char* kOrigin = "vigie/paris-1/gw-test";

std::string read_all(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// A real `vigie witness` process with its own file, key and store.
class WitnessProcess {
 public:
  WitnessProcess(fs::path dir, const std::string& name, const std::string& site_vkey,
                 const TestPki* pki = nullptr)
      : dir_(std::move(dir)), port_(free_port()), tls_(pki != nullptr) {
    fs::create_directories(dir_);
    std::ofstream(dir_ / "witness.yaml")
        << "name: " << name << "\n"
        << "http:\n  listen: 127.0.0.1:" << port_ << "\n"
        << (pki ? "  tls:\n    cert_file: " + pki->server().cert.string() +
                      "\n    key_file: " + pki->server().key.string() + "\n"
                : "")
        << "logs:\n  - origin: " << kOrigin << "\n    key: " << site_vkey << "\n";
    const auto key = run_vigie("witness key --config " + (dir_ / "witness.yaml").string());
    EXPECT_EQ(key.code, 0) << key.output;
    vkey_ = trimmed(key.output);
    start();
  }
  void start() {
    process_ = Process({vigie_binary(), "witness", "--config", (dir_ / "witness.yaml").string()},
                       dir_ / "witness.log");
    EXPECT_TRUE(eventually([&] { return port_open(port_) || !process_.running(); }));
  }
  std::string url() const {
    return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_);
  }
  const std::string& vkey() const { return vkey_; }
  std::string log_text() const { return process_.log_text(); }
  bool running() { return process_.running(); }
  int port() const { return port_; }

 private:
  fs::path dir_;
  int port_;
  bool tls_;
  std::string vkey_;
  Process process_;
};

// curl's answer to a request on a witness: "STATUS BODY".
std::string curl(const std::string& args) {
  const auto r = run_command("curl -s -o - -w ' %{http_code}' " + args);
  const auto cut = r.output.rfind(' ');
  return r.output.substr(cut + 1) + " " + r.output.substr(0, cut);
}

class WitnessCosigning : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_GE(sodium_init(), 0);
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("vigie-witness-it-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_ / "gateway" / "secrets");
    // The site's key, made before the gateway starts, so the witnesses know it.
    site_ = new vigie::evidence::SigningKey(vigie::evidence::SigningKey::load_or_create(
        *dir_ / "gateway" / "secrets" / "evidence.key", kOrigin));
    pki_ = new TestPki(*dir_ / "pki");
    head_office_ =
        new WitnessProcess(*dir_ / "w1", "head-office.example/vigie", site_->verifier_key());
    auditor_ =
        new WitnessProcess(*dir_ / "w2", "auditor.example/vigie", site_->verifier_key(), pki_);
    broker_ = new Broker(*dir_ / "broker");
  }
  static void TearDownTestSuite() {
    delete head_office_;
    delete auditor_;
    delete broker_;
    if (!::testing::UnitTest::GetInstance()->Failed()) fs::remove_all(*dir_);
  }

  static std::string witnesses_yaml() {
    return "evidence:\n  checkpoint_every: 1s\n  witnesses:\n"
           "    - url: " +
           head_office_->url() + "\n      key: " + head_office_->vkey() +
           "\n"
           "    - url: " +
           auditor_->url() + "/\n      key: " + auditor_->vkey() +
           "\n"
           "      ca_file: " +
           pki_->ca().string() + "\n";
  }
  static void birth(const std::string& node) {
    MqttClient client(broker_->url(), "witness-test-" + node);
    client.publish("vigie/v1/paris-1/node/" + node + "/birth",
                   R"({"v":1,"node":")" + node +
                       R"(","epoch":"9f2c41d07a3be810","kind":"desk","fw":"1.0.0","ts":)" +
                       std::to_string(now_ms()) + "}",
                   true);
  }
  static std::string day(int offset_days) {
    const std::time_t t = static_cast<std::time_t>(now_ms() / 1000 + offset_days * 86400);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
    return buf;
  }
  static CommandRun export_pack(GatewayProcess& gw, const fs::path& out) {
    return run_vigie("audit export --config " + gw.config_path().string() + " --from " + day(-1) +
                     " --to " + day(1) + " --out " + out.string());
  }
  static std::string with_witnesses() {
    return " --witness " + head_office_->vkey() + " --witness " + auditor_->vkey();
  }
  // Both witnesses cosigned the newest checkpoint the gateway stored.
  static bool newest_cosigned_by_both(GatewayProcess& gw) {
    return gw.query(
               "SELECT count(DISTINCT w.witness) FROM witness_cosignatures w JOIN checkpoints c "
               "ON w.size = c.size AND w.root = c.root "
               "WHERE c.id = (SELECT max(id) FROM checkpoints)") == 2;
  }

  static inline fs::path* dir_ = nullptr;
  static inline vigie::evidence::SigningKey* site_ = nullptr;
  static inline TestPki* pki_ = nullptr;
  static inline WitnessProcess* head_office_ = nullptr;
  static inline WitnessProcess* auditor_ = nullptr;
  static inline Broker* broker_ = nullptr;
};

TEST_F(WitnessCosigning, BothWitnessesCosignAndARewrittenLedgerIsRefused) {
  GatewayProcess gw(*dir_ / "gateway", broker_->url(), witnesses_yaml());
  // The first checkpoint (from size 0), then extensions with consistency proofs.
  ASSERT_TRUE(eventually([&] { return newest_cosigned_by_both(gw); })) << gw.log_text();
  const auto first = gw.query("SELECT max(size) FROM witness_cosignatures");
  birth("desk-1");
  birth("desk-2");
  ASSERT_TRUE(eventually([&] {
    return gw.query(
               "SELECT min(s) FROM (SELECT max(size) AS s FROM witness_cosignatures "
               "GROUP BY witness)") > first &&
           newest_cosigned_by_both(gw);
  })) << gw.log_text();
  const auto metrics = http_get(gw.http_port(), "/metrics");
  EXPECT_NE(metrics.find("vigie_witness_cosignatures_total{witness=\"auditor.example/vigie\"}"),
            std::string::npos)
      << metrics;
  ASSERT_EQ(gw.terminate(), 0) << gw.log_text();

  const auto pack = *dir_ / "pack";
  auto r = export_pack(gw, pack);
  ASSERT_EQ(r.code, 0) << r.output;
  const auto note = read_all(pack / "checkpoint.note");
  EXPECT_NE(note.find("\n\u2014 head-office.example/vigie "), std::string::npos) << note;
  EXPECT_NE(note.find("\n\u2014 auditor.example/vigie "), std::string::npos) << note;
  r = run_vigie("audit verify " + pack.string() + with_witnesses());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("valid cosignature by head-office.example/vigie"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("valid cosignature by auditor.example/vigie"), std::string::npos)
      << r.output;
  r = run_vigie("audit verify " + pack.string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("cosignatures: 2 carried"), std::string::npos) << r.output;
  // A witness that cosigned nothing here: verify fails.
  const auto stranger =
      vigie::evidence::SigningKey::load_or_create(*dir_ / "stranger.key", "stranger.example/vigie");
  r = run_vigie("audit verify " + pack.string() + " --witness " +
                stranger.verifier_key(vigie::evidence::kCosignatureV1));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("no cosignature by stranger.example/vigie"), std::string::npos)
      << r.output;

  // A site admin rewrites one entry (a node's firmware), then re-signs the tree with the
  // site's key: a pack cut from it is self-consistent.
  {
    vigie::store::Database db(gw.db_path(), {});
    db.exec("DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_leaves_no_update;");
    auto q = db.prepare(
        "SELECT idx, entry FROM ledger_entries WHERE kind LIKE 'node.%' AND entry LIKE "
        "'%1.0.0%' ORDER BY idx LIMIT 1");
    ASSERT_TRUE(q.step()) << "no node entry to rewrite";
    const auto idx = q.int64(0);
    std::string forged = q.text(1);
    forged.replace(forged.find("1.0.0"), 5, "6.6.6");
    auto s = db.prepare("UPDATE ledger_entries SET entry = ? WHERE idx = ?");
    s.bind(1, std::string_view(forged)).bind(2, idx);
    s.run();
    const auto leaf = vigie::evidence::leaf_hash(forged);
    auto l = db.prepare("UPDATE ledger_leaves SET hash = ? WHERE idx = ?");
    l.bind_blob(1, std::string_view(reinterpret_cast<const char*>(leaf.data()), leaf.size()))
        .bind(2, idx);
    l.run();
    // Every checkpoint signed again over the rewritten leaves, so the pack's earlier
    // checkpoints are consistent with its latest: only someone outside the site can tell.
    db.exec("DROP TRIGGER checkpoints_no_update;");
    vigie::store::LedgerRepository ledger(db);
    const auto leaves = ledger.leaf_hashes(ledger.size());
    for (const auto& old : ledger.checkpoints()) {
      const std::span<const vigie::evidence::Hash> prefix(leaves.data(),
                                                          static_cast<std::size_t>(old.size));
      const vigie::evidence::Checkpoint c{kOrigin, static_cast<std::uint64_t>(old.size),
                                          vigie::evidence::tree_root(prefix)};
      auto u = db.prepare("UPDATE checkpoints SET root = ?, note = ? WHERE size = ?");
      u.bind_blob(1, std::string_view(reinterpret_cast<const char*>(c.root.data()), 32))
          .bind(2, site_->sign_note(c.body()))
          .bind(3, old.size);
      u.run();
    }
  }
  gw.start();
  birth("desk-3");
  // Each witness refuses what contradicts the tree it cosigned, and says so.
  for (auto* w : {head_office_, auditor_})
    EXPECT_TRUE(eventually([&] {
      const auto log = w->log_text();
      return log.find("refused 409") != std::string::npos ||
             log.find("refused 422") != std::string::npos;
    })) << w->log_text();
  EXPECT_TRUE(eventually([&] {
    return gw.log_text().find("no cosignature of size") != std::string::npos;
  })) << gw.log_text();
  EXPECT_EQ(gw.query("SELECT count(*) FROM witness_cosignatures w JOIN checkpoints c ON "
                     "w.size = c.size AND w.root = c.root WHERE c.id = (SELECT max(id) FROM "
                     "checkpoints)"),
            0);
  ASSERT_EQ(gw.terminate(), 0) << gw.log_text();
  const auto refused = head_office_->log_text();
  EXPECT_NE(refused.find("cosigned: vigie/paris-1/gw-test"), std::string::npos) << refused;
  EXPECT_NE(refused.find("submitted: vigie/paris-1/gw-test"), std::string::npos) << refused;

  const auto forged_pack = *dir_ / "forged-pack";
  r = export_pack(gw, forged_pack);
  ASSERT_EQ(r.code, 0) << r.output;
  // Self-consistent: the site's key signed all of it...
  r = run_vigie("audit verify " + forged_pack.string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("cosignatures: 0 carried"), std::string::npos) << r.output;
  // ...but no witness vouches for it.
  r = run_vigie("audit verify " + forged_pack.string() + with_witnesses());
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("no cosignature by head-office.example/vigie"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("no cosignature by auditor.example/vigie"), std::string::npos)
      << r.output;
  EXPECT_TRUE(head_office_->running());
  EXPECT_TRUE(auditor_->running());
}

TEST_F(WitnessCosigning, BadRequestsGetA4xxAndTheWitnessKeepsRunning) {
  const std::string base = head_office_->url();
  const auto garbage = *dir_ / "garbage.bin";
  std::ofstream(garbage, std::ios::binary) << std::string("\x00\xff not a request\n", 18);
  auto r = curl("--data-binary @" + garbage.string() + " " + base + "/add-checkpoint");
  EXPECT_EQ(r.substr(0, 3), "400") << r;
  EXPECT_NE(r.find("not an add-checkpoint request"), std::string::npos) << r;
  const auto huge = *dir_ / "huge.bin";
  std::ofstream(huge, std::ios::binary) << "old 0\n\n" << std::string(2 * 1024 * 1024, 'x');
  r = curl("--data-binary @" + huge.string() + " " + base + "/add-checkpoint");
  EXPECT_EQ(r.substr(0, 3), "413") << r;
  r = curl(base + "/add-checkpoint");
  EXPECT_EQ(r.substr(0, 3), "405") << r;
  r = curl("-X PUT --data x " + base + "/add-checkpoint");
  EXPECT_EQ(r.substr(0, 3), "405") << r;
  r = curl("--data x " + base + "/elsewhere");
  EXPECT_EQ(r.substr(0, 3), "404") << r;
  // An unknown log, well formed: 404 naming the origin.
  const auto other = vigie::evidence::SigningKey::load_or_create(*dir_ / "other.key", "vigie/x/y");
  vigie::evidence::Checkpoint c{"vigie/x/y", 1, vigie::evidence::leaf_hash("e")};
  const auto body = *dir_ / "unknown.txt";
  std::ofstream(body, std::ios::binary) << "old 0\n\n" << other.sign_note(c.body());
  r = curl("--data-binary @" + body.string() + " " + base + "/add-checkpoint");
  EXPECT_EQ(r.substr(0, 3), "404") << r;
  EXPECT_NE(r.find("vigie/x/y"), std::string::npos) << r;
  EXPECT_TRUE(head_office_->running());
  EXPECT_EQ(curl(base + "/healthz").substr(0, 3), "200");
}

}  // namespace
