// The group's central PostgreSQL against real processes: a PostgreSQL 15
// cluster the test starts, Mosquitto, and three site gateways fed by vigie-sim
// captures, shipping through a TCP proxy the test cuts and takes down at random
// points, the central restarted, a gateway killed. The central ends with every
// site's facts once; row-level security keeps each site to its rows and
// readers to reading; no raw agent identifier is anywhere in the dump.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "broker.hpp"
#include "command.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"
#include "pg_cluster.hpp"
#include "process.hpp"
#include "wan_proxy.hpp"

using namespace vigie::testing;
using nlohmann::json;

namespace {

// SHA-256 of kTestToken (the admin token every test gateway accepts).
constexpr const char* kTokenSha256 =
    "006e2023559d50e5c2f10c7dfa6549e77350f22a0539a79d2b79e7aab3385839";
constexpr int kAgents = 6;
constexpr std::int64_t kDayMs = 86'400'000;

// 07:00 UTC of the latest weekday at least two days back: that day is over, so a
// gateway's start files its agents' days; and vigie-sim's centre works it (it rests
// on Sundays and most of Saturdays, so a weekend day would raise nothing).
std::int64_t past_working_morning() {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::int64_t day = now_ms / kDayMs - 2;
  const auto weekday = [](std::int64_t d) { return (d + 4) % 7; };  // 0 Sunday; day 0 a Thursday
  while (weekday(day) == 0 || weekday(day) == 6) --day;
  return day * kDayMs + 7 * 3'600'000;
}

std::string site_role(const std::string& site) {
  std::string role = "vigie_" + site;
  for (auto& c : role)
    if (c == '-') c = '_';
  return role;
}

// The values of one text column, read from a site's store by a connection of the test's own.
std::string column(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_busy_timeout(h, 5000);
  sqlite3_stmt* s = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK)
    while (sqlite3_step(s) == SQLITE_ROW)
      out += (out.empty() ? "" : ",") +
             std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

// A site: its capture, and its gateway with a `central:` block through the proxy.
class Site {
 public:
  Site(std::filesystem::path dir, std::string name, const std::string& broker_url, int central_port,
       std::int64_t start_ms, int seed)
      : dir_(std::move(dir)), name_(std::move(name)), http_port_(free_port()) {
    std::filesystem::create_directories(dir_);
    const auto capture = dir_ / "day.jsonl";
    const auto r =
        run_command(std::string(VIGIE_SIM_BINARY) + " --capture " + capture.string() + " --site " +
                    name_ + " --agents " + std::to_string(kAgents) + " --teams 2 --start " +
                    std::to_string(start_ms) + " --duration 8h --seed " + std::to_string(seed));
    if (r.code != 0) throw std::runtime_error("vigie-sim: " + r.output);
    std::ifstream in(capture);
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
    broker_url_ = broker_url;
    central_port_ = central_port;
    configure(site_role(name_));
    start();
  }
  // Ships as ROLE (the site's own, or another's to see a refusal); applies at the next start.
  void configure(const std::string& role) {
    std::ofstream(dir_ / "central.pw") << role << "-secret\n";
    std::ofstream(dir_ / "vigie.yaml")
        << "site: " << name_ << "\ngateway_id: gw-" << name_ << "\nbroker:\n  url: " << broker_url_
        << "\nstore:\n  path: vigie.db\nhttp:\n  listen: 127.0.0.1:" << http_port_
        << "\ntokens:\n  - {name: test, role: admin, sha256: \"" << kTokenSha256 << "\"}\n"
        << kGovernanceComplete << "evidence:\n  checkpoint_every: 2s\n"
        << "central:\n  conninfo: host=127.0.0.1 port=" << central_port_
        << " dbname=vigie user=" << role
        << "\n  password_file: central.pw\n  batch: 3\n  interval: 100ms\n  timeout: 3s\n";
  }
  ~Site() { process_.stop(SIGKILL); }

  void start() {
    process_ = Process({vigie_binary(), "gateway", "--config", (dir_ / "vigie.yaml").string()},
                       dir_ / "gateway.log");
    if (!eventually([&] { return http_get(http_port_, "/healthz").rfind("200", 0) == 0; },
                    std::chrono::seconds(30)))
      throw std::runtime_error(name_ + " did not become healthy: " + process_.log_text());
  }
  int kill9() { return process_.stop(SIGKILL); }
  int terminate() { return process_.stop(SIGTERM); }
  pid_t pid() const { return process_.pid(); }

  // Publishes the capture's lines FROM..TO (a fraction of the whole).
  void publish(MqttClient& c, double from, double to) {
    const auto first = static_cast<std::size_t>(from * static_cast<double>(lines_.size()));
    const auto last = static_cast<std::size_t>(to * static_cast<double>(lines_.size()));
    for (std::size_t i = first; i < last; ++i) {
      const auto msg = json::parse(lines_[i]);
      const std::string topic = msg["topic"];
      c.publish(topic, msg["payload"].dump(), !topic.ends_with("/evt"));
    }
  }
  // Holds back the first event batch past FROM until its node's next one has gone: a hole
  // the gateway opens, asks for, and closes when the batch comes. The node's watermarks in
  // between are left out (a watermark past the late batch's time would refuse its events).
  void publish_with_hole(MqttClient& c, double from, double to) {
    auto parsed = [&](std::size_t i) { return json::parse(lines_[i]); };
    auto events = [&](const json& m) { return m["payload"].value("events", json::array()).size(); };
    auto first = static_cast<std::size_t>(from * static_cast<double>(lines_.size()));
    while (events(parsed(first)) == 0) ++first;
    const std::string topic = parsed(first)["topic"];
    std::vector<std::string> reordered(lines_.begin(),
                                       lines_.begin() + static_cast<std::ptrdiff_t>(first));
    std::size_t i = first + 1;
    for (;; ++i) {
      auto m = parsed(i);
      if (m["topic"] != topic) {
        reordered.push_back(lines_[i]);
        continue;
      }
      if (events(m) == 0) continue;
      m["payload"].erase("until");
      reordered.push_back(m.dump());
      break;
    }
    reordered.push_back(lines_[first]);
    reordered.insert(reordered.end(), lines_.begin() + static_cast<std::ptrdiff_t>(i + 1),
                     lines_.end());
    lines_ = std::move(reordered);
    publish(c, from, to);
  }
  // Every event of the capture.
  std::int64_t events_total() const {
    std::int64_t n = 0;
    for (const auto& line : lines_)
      n += static_cast<std::int64_t>(
          json::parse(line)["payload"].value("events", json::array()).size());
    return n;
  }
  bool all_stored() const { return count("SELECT count(*) FROM events") == events_total(); }
  std::int64_t metric(const std::string& name) const {
    const auto body = http_get(http_port_, "/metrics");
    const auto at = body.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::stoll(body.substr(at + name.size() + 2));
  }
  std::string healthz() const { return http_get(http_port_, "/healthz", kTestToken); }

  // What the central must hold of this site: each source's rows, as "id:what" lists.
  std::vector<std::string> facts() const {
    const auto db = dir_ / "vigie.db";
    return {column(db, "SELECT id || ':' || state FROM alert_transitions ORDER BY id"),
            column(db, "SELECT id || ':' || what FROM node_history ORDER BY id"),
            column(db, "SELECT id || ':' || status FROM gaps ORDER BY id"),
            column(db, "SELECT id || ':' || size FROM checkpoints ORDER BY id"),
            column(db,
                   "SELECT idx || ':' || json_extract(entry, '$.data.date') FROM"
                   " ledger_entries WHERE kind = 'agent.day' ORDER BY idx"),
            column(db,
                   "SELECT count(*) || ':' || coalesce(sum(state != 'resolved'), 0)"
                   " FROM alerts")};
  }
  std::vector<std::string> central_facts(const PgCluster& pg) const {
    auto list = [&](const std::string& table, const std::string& what) {
      return pg.value("SELECT coalesce(string_agg(id || ':' || " + what +
                      ", ',' ORDER BY id), '') FROM vigie." + table + " WHERE site = '" + name_ +
                      "'");
    };
    return {list("alert_transitions", "state"),
            list("node_history", "what"),
            list("gaps", "status"),
            list("checkpoints", "size"),
            list("agent_days", "day"),
            pg.value("SELECT count(*) || ':' || count(*) FILTER (WHERE state <> 'resolved') FROM"
                     " vigie.alerts WHERE site = '" +
                     name_ + "'")};
  }
  std::int64_t count(const std::string& sql) const {
    return std::stoll("0" + column(dir_ / "vigie.db", sql));
  }

  const std::string& name() const { return name_; }
  std::string log_text() const { return process_.log_text(); }

 private:
  std::filesystem::path dir_;
  std::string name_;
  int http_port_;
  std::string broker_url_;
  int central_port_ = 0;
  std::vector<std::string> lines_;
  Process process_;
};

class Central : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-central-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    pg_ = std::make_unique<PgCluster>(dir_);
    const auto m = migrate();
    ASSERT_EQ(m.code, 0) << m.output;
  }
  void TearDown() override {
    if (HasFailure() && pg_) std::cerr << "--- postgres log ---\n" << pg_->log_text();
    pg_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  CommandRun migrate(const std::string& more = "") {
    std::ofstream(dir_ / "owner.pw") << PgCluster::kPassword << "\n";
    return run_vigie("central migrate --conninfo '" + pg_->conninfo(PgCluster::kOwner) +
                     "' --password-file " + (dir_ / "owner.pw").string() + more);
  }
  // A login role that ships for SITE (password ROLE-secret).
  void add_site(const std::string& site) {
    const auto role = site_role(site);
    const auto r = pg_->psql("CREATE ROLE " + role + " LOGIN PASSWORD '" + role +
                             "-secret'; SELECT vigie.add_site('" + site + "', '" + role + "');");
    ASSERT_EQ(r.code, 0) << r.output;
  }

  std::filesystem::path dir_;
  std::unique_ptr<PgCluster> pg_;
};

}  // namespace

TEST_F(Central, EverySitesFactsOnceThroughCutsACentralRestartAndAKilledGateway) {
  const std::vector<std::string> names{"site-a", "site-b", "site-c"};
  for (const auto& n : names) add_site(n);
  WanProxy wan(pg_->port());
  wan.set_down(true);  // the sites start with the WAN down: they work alone
  Broker broker(dir_ / "broker");
  // A past working day: each restart files its agents' days.
  const std::int64_t start = past_working_morning();
  std::vector<std::unique_ptr<Site>> sites;
  for (std::size_t i = 0; i < names.size(); ++i)
    sites.push_back(std::make_unique<Site>(dir_ / names[i], names[i], broker.url(), wan.port(),
                                           start, 31 + static_cast<int>(i)));
  MqttClient player(broker.url(), "capture-player");
  sites[0]->publish_with_hole(player, 0, 0.25);
  for (std::size_t i = 1; i < sites.size(); ++i) sites[i]->publish(player, 0, 0.25);

  // WAN down: the facts wait in each outbox, the sites stay healthy and say why.
  ASSERT_TRUE(eventually([&] { return sites[0]->metric("vigie_outbox_depth") > 0; }))
      << sites[0]->log_text();
  ASSERT_TRUE(eventually([&] {
    const auto h = sites[0]->healthz();
    return h.rfind("200", 0) == 0 && h.find("\"last_error\"") != std::string::npos;
  })) << sites[0]->healthz();

  // The WAN comes and goes at random points from now on.
  std::atomic<bool> chaos{true};
  std::atomic<int> cuts{0}, outages{0};
  std::thread monkey;
  struct Join {
    std::atomic<bool>& chaos;
    std::thread& t;
    ~Join() {
      chaos = false;
      if (t.joinable()) t.join();
    }
  } join_monkey{chaos, monkey};
  monkey = std::thread([&] {
    std::mt19937 rng(18);
    wan.set_down(false);
    while (chaos) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 200));
      if (rng() % 4 == 0) {
        wan.set_down(true);
        wan.cut();
        outages++;
        std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 1200));
        wan.set_down(false);
      } else {
        cuts += wan.cut();
      }
    }
    wan.set_down(false);
  });
  for (auto& s : sites) s->publish(player, 0.25, 0.5);
  // The central restarts (fast shutdown: its open transactions roll back).
  pg_->stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  pg_->start();
  for (auto& s : sites) s->publish(player, 0.5, 0.75);
  // A site gateway killed mid-shipment; the broker keeps its messages meanwhile.
  sites[1]->kill9();
  for (auto& s : sites) s->publish(player, 0.75, 1.0);
  sites[1]->start();
  // Once every event is stored, each gateway stopped and started: its start files the
  // agents' days, now complete.
  std::int64_t failures = 0;
  for (auto& s : sites) {
    ASSERT_TRUE(eventually([&] { return s->all_stored(); })) << s->log_text();
    failures += s->metric("vigie_central_failures_total");
    s->terminate();
    s->start();
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  chaos = false;
  monkey.join();  // the WAN stays up from here
  EXPECT_GT(cuts + outages, 5) << "the link must have been cut";
  std::cout << "central: " << cuts << " connections cut, " << outages << " outages, " << failures
            << " shipments failed before the last restarts" << std::endl;

  for (const auto& s : sites) {
    ASSERT_TRUE(eventually(
        [&] {
          return s->metric("vigie_outbox_depth") == 0 && s->facts() == s->central_facts(*pg_);
        },
        std::chrono::seconds(90)))
        << s->name() << ": site " << ::testing::PrintToString(s->facts()) << "\ncentral "
        << ::testing::PrintToString(s->central_facts(*pg_)) << "\n"
        << s->log_text();
    const auto f = s->facts();
    std::cout << s->name() << ": " << s->metric("vigie_central_shipped_total")
              << " outbox rows shipped in " << s->metric("vigie_central_batches_total")
              << " batches, " << s->metric("vigie_central_failures_total") << " failures"
              << std::endl;
    EXPECT_FALSE(f[0].empty()) << s->name() << ": the day must raise alerts";
    EXPECT_FALSE(f[1].empty()) << s->name() << ": node births and states";
    EXPECT_FALSE(f[3].empty()) << s->name() << ": signed checkpoints";
    EXPECT_FALSE(f[4].empty()) << s->name() << ": the agents' days";
    EXPECT_EQ(pg_->value("SELECT outbox_depth FROM vigie.sites WHERE site = '" + s->name() + "'"),
              "0");
    EXPECT_NE(s->healthz().find("\"outbox\":{\"central_connected\""), std::string::npos)
        << s->healthz();
  }
  EXPECT_NE(sites[0]->facts()[2].find(":filled"), std::string::npos)
      << "the hole was opened and closed, and the central has it closed";
  // Nothing doubled: one row per (site, id) in every table.
  for (const char* table :
       {"alert_transitions", "node_history", "gaps", "checkpoints", "agent_days"})
    EXPECT_EQ(pg_->value(std::string("SELECT count(*) FROM (SELECT site, id FROM vigie.") + table +
                         " GROUP BY site, id HAVING count(*) > 1) d"),
              "0")
        << table;
  // The pages' sums count each fact once too, whatever was shipped twice.
  EXPECT_EQ(pg_->value("SELECT coalesce(sum(agent_days), 0) FROM vigie.criterion_days"),
            pg_->value("SELECT count(*) FROM vigie.agent_days d, jsonb_each(d.criteria) c"));
  EXPECT_EQ(pg_->value("SELECT coalesce(sum(alerts_fired), 0) FROM vigie.criterion_days"),
            pg_->value("SELECT count(*) FROM vigie.alert_transitions WHERE change = 'state' AND"
                       " state = 'firing'"));
  // Every agent's day the central holds is the exact ledger entry its site signed.
  EXPECT_EQ(pg_->value("SELECT count(*) FROM vigie.agent_days WHERE entry::jsonb->>'kind' !="
                       " 'agent.day' OR entry::jsonb->'data'->>'agent' != agent"),
            "0");

  // No raw agent identifier anywhere in the central database.
  const auto dump = pg_->dump();
  ASSERT_NE(dump.find("COPY vigie.agent_days"), std::string::npos);
  auto id_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (int a = 1; a <= kAgents; ++a) {
    const std::string id = std::to_string(4000 + a);
    for (auto at = dump.find(id); at != std::string::npos; at = dump.find(id, at + 1)) {
      const bool alone = (at == 0 || !id_char(dump[at - 1])) &&
                         (at + id.size() == dump.size() || !id_char(dump[at + id.size()]));
      EXPECT_FALSE(alone) << "agent " << id
                          << " in the dump: " << dump.substr(at < 80 ? 0 : at - 80, 160);
    }
  }
}

TEST_F(Central, ASiteWritesOnlyItsOwnRowsAndReadersOnlyRead) {
  add_site("site-a");
  add_site("site-b");
  ASSERT_EQ(pg_->psql("CREATE ROLE group_reader LOGIN PASSWORD 'reader-secret' IN ROLE"
                      " vigie_reader")
                .code,
            0);
  auto as_a = [&](const std::string& sql) {
    return pg_->psql(sql, "vigie_site_a", "vigie_site_a-secret");
  };
  auto as_reader = [&](const std::string& sql) {
    return pg_->psql(sql, "group_reader", "reader-secret");
  };
  auto row = [](const std::string& site, int id) {
    return "INSERT INTO vigie.checkpoints (site, id, signed_at, size, root, note) VALUES ('" +
           site + "', " + std::to_string(id) + ", now(), 1, 'ab', 'note')";
  };
  // Its own rows: written, and written again as the same row (the shipper's upsert).
  EXPECT_EQ(as_a(row("site-a", 1)).code, 0);
  const auto again = as_a(
      "INSERT INTO vigie.checkpoints (site, id, signed_at, size, root, note) SELECT site, id,"
      " signed_at, 2, root, note FROM vigie.checkpoints WHERE site = 'site-a' ON CONFLICT (site,"
      " id, signed_at) DO UPDATE SET size = EXCLUDED.size");
  EXPECT_EQ(again.code, 0) << again.output;
  EXPECT_EQ(pg_->value("SELECT count(*) || ':' || max(size) FROM vigie.checkpoints"), "1:2");

  // Another site's: neither inserted, nor seen, nor changed, nor deleted.
  const auto forged = as_a(row("site-b", 2));
  EXPECT_NE(forged.code, 0);
  EXPECT_NE(forged.output.find("row-level security"), std::string::npos) << forged.output;
  ASSERT_EQ(pg_->psql(row("site-b", 7)).code, 0);
  EXPECT_EQ(as_a("SELECT count(*) FROM vigie.checkpoints WHERE site = 'site-b'").output, "0\n");
  EXPECT_EQ(as_a("UPDATE vigie.checkpoints SET size = 99 WHERE site = 'site-b'").code, 0);
  EXPECT_EQ(as_a("UPDATE vigie.checkpoints SET site = 'site-b' WHERE site = 'site-a'").code != 0,
            true)
      << "a row moved to another site breaks the policy";
  EXPECT_NE(as_a("DELETE FROM vigie.checkpoints").code, 0);
  EXPECT_EQ(pg_->value("SELECT string_agg(site || ':' || size, ',' ORDER BY site) FROM"
                       " vigie.checkpoints"),
            "site-a:2,site-b:1");
  // Nor around the policies: a partition, the role map, the sites of others.
  EXPECT_NE(as_a("INSERT INTO vigie.checkpoints_default (site, id, signed_at, size, root, note)"
                 " VALUES ('site-b', 3, now(), 1, 'ab', 'n')")
                .code,
            0);
  EXPECT_NE(as_a("UPDATE vigie.site_roles SET site = 'site-b'").code, 0);
  EXPECT_NE(as_a("INSERT INTO vigie.sites VALUES ('site-b', 'gw', 1, 0, NULL, now())").code, 0);

  // A reader reads every site and writes nothing.
  EXPECT_EQ(as_reader("SELECT count(*) FROM vigie.checkpoints").output, "2\n");
  EXPECT_NE(as_reader(row("site-a", 9)).output.find("permission denied"), std::string::npos);
  EXPECT_NE(as_reader("UPDATE vigie.checkpoints SET size = 5").output.find("permission denied"),
            std::string::npos);
  EXPECT_NE(as_reader("DELETE FROM vigie.checkpoints").code, 0);
  EXPECT_EQ(pg_->value("SELECT count(*) FROM vigie.checkpoints"), "2");
}

TEST_F(Central, MigrateIsRepeatableMovesEarlyRowsIntoTheirMonthAndSaysWhatIsWrong) {
  const auto again = migrate();
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.output.find("central schema at version 4 (already), 0 monthly partitions added"),
            std::string::npos)
      << again.output;
  // A fact of a month without its partition lands in the default one, and moves out later.
  ASSERT_EQ(pg_->psql("INSERT INTO vigie.gaps (site, id, detected_at, node, epoch, from_seq,"
                      " to_seq, status) VALUES ('site-a', 1, '2019-05-04T10:00:00Z', 'acd-1',"
                      " 'e', 3, 4, 'open')")
                .code,
            0);
  EXPECT_EQ(pg_->value("SELECT tableoid::regclass FROM vigie.gaps"), "vigie.gaps_default");
  const auto moved = migrate(" --months-ahead 1");
  EXPECT_EQ(moved.code, 0) << moved.output;
  EXPECT_EQ(pg_->value("SELECT tableoid::regclass FROM vigie.gaps"), "vigie.gaps_2019_05");
  EXPECT_EQ(pg_->value("SELECT count(*) FROM vigie.gaps"), "1");

  const auto bad = run_vigie("central migrate --conninfo 'host=x nosuchkey=1'");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("--conninfo is not a PostgreSQL connection string"), std::string::npos)
      << bad.output;
  EXPECT_EQ(run_vigie("central migrate").code, 2);
  EXPECT_EQ(run_vigie("central frobnicate").code, 2);
  const auto unreachable =
      run_vigie("central migrate --conninfo 'host=127.0.0.1 port=" + std::to_string(free_port()) +
                " dbname=vigie user=x'");
  EXPECT_EQ(unreachable.code, 1);
  EXPECT_NE(unreachable.output.find("vigie central: cannot connect"), std::string::npos)
      << unreachable.output;
  const auto newer = pg_->psql("INSERT INTO vigie.schema_migrations (version) VALUES (99)");
  ASSERT_EQ(newer.code, 0);
  const auto refused = migrate();
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.output.find("newer than this build"), std::string::npos) << refused.output;
}

TEST_F(Central, AShipmentTheCentralRefusesStaysQueuedWithItsReasonUntilPutRight) {
  add_site("site-a");
  add_site("site-b");
  Broker broker(dir_ / "broker");
  const std::int64_t monday = 1796018400000;  // 2026-11-30 07:00 Europe/Paris
  Site site(dir_ / "site-b", "site-b", broker.url(), pg_->port(), monday, 7);
  // Site B's gateway given site A's role by mistake: the central refuses every row.
  site.terminate();
  site.configure(site_role("site-a"));
  site.start();
  MqttClient player(broker.url(), "capture-player");
  site.publish(player, 0, 0.5);
  ASSERT_TRUE(eventually([&] {
    const auto h = site.healthz();
    return h.rfind("200", 0) == 0 && h.find("row-level security") != std::string::npos;
  })) << site.healthz()
      << site.log_text();
  EXPECT_GT(site.metric("vigie_outbox_depth"), 0);
  EXPECT_GT(site.metric("vigie_central_failures_total"), 0);
  EXPECT_NE(site.log_text().find("vigie: central: "), std::string::npos);
  EXPECT_EQ(pg_->value("SELECT count(*) FROM vigie.node_history"), "0");
  // The site keeps working meanwhile: every event stored.
  site.publish(player, 0.5, 1.0);
  ASSERT_TRUE(eventually([&] { return site.all_stored(); })) << site.log_text();
  // Put right: everything queued meanwhile ships, once.
  site.terminate();
  site.configure(site_role("site-b"));
  site.start();
  ASSERT_TRUE(eventually([&] {
    return site.metric("vigie_outbox_depth") == 0 && site.facts() == site.central_facts(*pg_);
  })) << ::testing::PrintToString(site.facts())
      << "\n"
      << ::testing::PrintToString(site.central_facts(*pg_)) << site.log_text();
  EXPECT_EQ(pg_->value("SELECT count(*) FROM vigie.alert_transitions WHERE site != 'site-b'"), "0");
}

// The files process PID has mapped (/proc/PID/maps).
std::string mapped_files(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// libpq and what it brings (GnuTLS, Kerberos, LDAP) are loaded by a gateway with a
// `central:` block when it ships, never by one without.
TEST_F(Central, OnlyAGatewayThatShipsLoadsLibpq) {
  add_site("site-a");
  Broker broker(dir_ / "broker");
  GatewayProcess plain(dir_ / "plain", broker.url());
  ASSERT_FALSE(mapped_files(plain.pid()).empty());
  EXPECT_EQ(mapped_files(plain.pid()).find("libpq"), std::string::npos);
  EXPECT_EQ(mapped_files(plain.pid()).find("libgnutls"), std::string::npos);

  const std::int64_t monday = 1796018400000;  // 2026-11-30 07:00 Europe/Paris
  Site site(dir_ / "site-a", "site-a", broker.url(), pg_->port(), monday, 5);
  MqttClient player(broker.url(), "capture-player");
  site.publish(player, 0, 0.2);
  ASSERT_TRUE(eventually([&] { return site.metric("vigie_central_batches_total") > 0; }))
      << site.log_text();
  EXPECT_NE(mapped_files(site.pid()).find("libpq.so.5"), std::string::npos);
}

// `vigie central serve`: the group's API and page over the central, read by a reader role.
TEST_F(Central, GroupPagesShowEverySiteThenOneSitesTeamsAndPseudonymousAgentDays) {
  add_site("site-a");
  add_site("site-b");
  ASSERT_EQ(pg_->psql("CREATE ROLE group_reader LOGIN PASSWORD 'reader-secret' IN ROLE"
                      " vigie_reader")
                .code,
            0);
  Broker broker(dir_ / "broker");
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::int64_t start = past_working_morning();
  std::vector<std::unique_ptr<Site>> sites;
  for (const char* name : {"site-a", "site-b"})
    sites.push_back(std::make_unique<Site>(dir_ / name, name, broker.url(), pg_->port(), start,
                                           sites.size() + 3));
  MqttClient player(broker.url(), "capture-player");
  for (auto& s : sites) s->publish(player, 0, 1.0);
  for (auto& s : sites) {
    ASSERT_TRUE(eventually([&] { return s->all_stored(); })) << s->log_text();
    s->terminate();
    s->start();  // files the agents' days
  }
  for (auto& s : sites)
    ASSERT_TRUE(eventually([&] {
      return s->metric("vigie_outbox_depth") == 0 && s->facts() == s->central_facts(*pg_);
    })) << s->log_text();

  const auto manager_sha = run_command("printf %s manager-token | sha256sum").output.substr(0, 64);
  const int port = free_port();
  std::ofstream(dir_ / "reader.pw") << "reader-secret\n";
  std::ofstream(dir_ / "group.yaml")
      << "database:\n  conninfo: " << pg_->conninfo("group_reader")
      << "\n  password_file: reader.pw\n  timeout: 5s\nhttp:\n  listen: 127.0.0.1:" << port
      << "\ntokens:\n  - {name: test, role: admin, sha256: \"" << kTokenSha256 << "\"}\n"
      << "  - {name: dir, role: manager, sha256: \"" << manager_sha << "\"}\n";
  Process serve({vigie_binary(), "central", "serve", "--config", (dir_ / "group.yaml").string()},
                dir_ / "serve.log");
  ASSERT_TRUE(eventually([&] { return http_get(port, "/healthz").rfind("200", 0) == 0; }))
      << serve.log_text();

  const std::string period =
      "from=" + std::to_string(now_ms - 31 * kDayMs) + "&to=" + std::to_string(now_ms + kDayMs);
  EXPECT_EQ(http_get(port, "/api/v1/group/sites?" + period).substr(0, 3), "401");
  EXPECT_EQ(http_get(port, "/api/v1/group/sites", kTestToken).substr(0, 3), "400");
  auto body = [](const std::string& response) { return json::parse(response.substr(4)); };
  const auto all = http_get(port, "/api/v1/group/sites?" + period, kTestToken);
  ASSERT_EQ(all.substr(0, 3), "200") << all;
  const auto listed = body(all)["sites"];
  ASSERT_EQ(listed.size(), 2u);
  for (const auto& s : listed) {
    EXPECT_FALSE(s["criteria"].empty()) << s;
    EXPECT_EQ(s["outbox"]["depth"], 0);
    EXPECT_GE(s["completeness"]["nodes"].get<int>(), 1);
    EXPECT_GE(s["open_alerts"].get<int>(), 0);
  }
  EXPECT_EQ(listed[0]["site"], "site-a");

  const auto one = http_get(port, "/api/v1/group/sites/site-a?" + period, "manager-token");
  ASSERT_EQ(one.substr(0, 3), "200") << one;
  const auto a = body(one);
  EXPECT_FALSE(a["teams"].empty());
  ASSERT_FALSE(a["agent_days"].empty());
  for (const auto& d : a["agent_days"]) EXPECT_EQ(d["agent"].get<std::string>().rfind("p-", 0), 0u);
  EXPECT_NE(a["checkpoint"]["note"].get<std::string>().find("vigie/site-a/gw-site-a"),
            std::string::npos);
  EXPECT_EQ(http_get(port, "/api/v1/group/sites/nowhere?" + period, kTestToken).substr(0, 3),
            "404");

  // The period's report, for auditors: each site's criteria, citing its signed checkpoint.
  EXPECT_EQ(http_get(port, "/api/v1/group/report?" + period, "manager-token").substr(0, 3), "403");
  const auto csv = http_get(port, "/api/v1/group/report?" + period + "&format=csv", kTestToken);
  ASSERT_EQ(csv.substr(0, 3), "200") << csv;
  EXPECT_NE(csv.find("\xEF\xBB\xBFsite;criterion;agent_days;breached"), std::string::npos);
  EXPECT_NE(csv.find("\nsite-a;"), std::string::npos);
  EXPECT_NE(csv.find("\nsite-b;"), std::string::npos);
  const auto html = http_get(port, "/api/v1/group/report?" + period + "&format=html", kTestToken);
  ASSERT_EQ(html.substr(0, 3), "200");
  for (const char* origin : {"vigie/site-a/gw-site-a", "vigie/site-b/gw-site-b"})
    EXPECT_NE(html.find(origin), std::string::npos) << "cites " << origin;
  EXPECT_EQ(
      http_get(port, "/api/v1/group/report?" + period + "&format=pdf", kTestToken).substr(0, 3),
      "400");

  // The page in Chromium: every site first, then one site's drill-down.
  auto page = [&](const std::string& fragment) {
    return run_command("chromium --headless --no-sandbox --disable-gpu --user-data-dir=" +
                       (dir_ / "chromium").string() +
                       " --virtual-time-budget=10000 --dump-dom 'http://127.0.0.1:" +
                       std::to_string(port) + "/#" + fragment + "' 2>/dev/null")
        .output;
  };
  const auto first = page(std::string("token=") + kTestToken);
  EXPECT_NE(first.find("data-ready=\"yes\""), std::string::npos) << first;
  EXPECT_NE(first.find("data-site=\"site-a\""), std::string::npos) << first;
  EXPECT_NE(first.find("data-site=\"site-b\""), std::string::npos) << first;
  EXPECT_NE(first.find("href=\"#site=site-b\""), std::string::npos) << first;
  const auto drill = page(std::string("token=") + kTestToken + "&site=site-b");
  // VIGIE_CENTRAL_SCREENSHOTS=DIR: both pages as PNG, to look at.
  if (const char* shots = std::getenv("VIGIE_CENTRAL_SCREENSHOTS"))
    for (const auto& [name, fragment] :
         {std::pair{"group-sites", ""}, {"group-site-b", "&site=site-b"}})
      run_command("chromium --headless --no-sandbox --disable-gpu --user-data-dir=" +
                  (dir_ / "chromium").string() +
                  " --virtual-time-budget=10000 --window-size=1400,1000 --screenshot=" + shots +
                  "/" + name + ".png 'http://127.0.0.1:" + std::to_string(port) +
                  "/#token=" + kTestToken + fragment + "' 2>/dev/null");
  EXPECT_NE(drill.find("id=\"site\" data-site=\"site-b\""), std::string::npos) << drill;
  EXPECT_NE(drill.find("data-agent=\"p-"), std::string::npos) << drill;
  EXPECT_NE(drill.find("data-team=\""), std::string::npos) << drill;
  EXPECT_NE(drill.find("vigie/site-b/gw-site-b"), std::string::npos) << drill;
  for (int n = 1; n <= kAgents; ++n)
    EXPECT_EQ(drill.find(">" + std::to_string(4000 + n) + "<"), std::string::npos);

  // The central down: the server says so, in its own words.
  pg_->stop();
  EXPECT_TRUE(eventually([&] { return http_get(port, "/healthz").rfind("503", 0) == 0; }));
  const auto down = http_get(port, "/api/v1/group/sites?" + period, kTestToken);
  EXPECT_EQ(down.substr(0, 3), "503");
  EXPECT_EQ(down.find("127.0.0.1"), std::string::npos) << "no connection details: " << down;
  pg_->start();
  EXPECT_TRUE(eventually([&] { return http_get(port, "/healthz").rfind("200", 0) == 0; }));
  serve.stop(SIGTERM);
}
