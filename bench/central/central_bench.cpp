// The group's central PostgreSQL (issue 18), against baselines measured in the same run:
//   (a) central ingest: SITES sites x AGENTS agents x DAYS days of facts (agents' days,
//       alert transitions, checkpoints every 15 min, node changes) shipped from each site's
//       outbox by the real shipment path (SQLite read, pseudonyms, upserts in PostgreSQL
//       transactions of --batch rows, outbox deleted), as a ratio to a bare COPY of the same
//       rows into the same tables;
//   (b) the group pages' queries over that volume: p50 and p95 of the sites page, each
//       site's drill-down and the period's report;
//   (c) the site's cost of the outbox: ingest (the real Ingestor, batches of 100 events,
//       synchronous=FULL) with an alert transition recorded per message, with the outbox
//       enabled and its shipper shipping to the central meanwhile, as a ratio to the same
//       without a central.
// A PostgreSQL 15 cluster of its own is started on a free port (as nobody under root).
//
//   build/default/bench/vigie_central_bench [--sites N] [--agents N] [--days N] [--batch N]
//       [--runs N] [--messages N] [--parallel N]
#include <libpq-fe.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/pseudonymiser.hpp"
#include "central/central_schema.hpp"
#include "central/group_queries.hpp"
#include "central/shipment.hpp"
#include "central/shipper.hpp"
#include "custody/pseudonym.hpp"
#include "ingest/ingestor.hpp"
#include "mqtt_client.hpp"
#include "pg_cluster.hpp"
#include "store/alert_repository.hpp"
#include "store/database.hpp"
#include "store/outbox_repository.hpp"
#include "store/schema.hpp"

using namespace vigie;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

central::PgOptions pg_options(const std::string& conninfo, const std::string& password) {
  central::PgOptions o;
  o.conninfo = conninfo;
  o.password = password;
  o.timeout = std::chrono::minutes(10);
  return o;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string site_name(int i) {
  std::ostringstream s;
  s << "site-" << std::setw(2) << std::setfill('0') << i;
  return s.str();
}
std::string role_of(const std::string& site) {
  std::string r = "vigie_" + site;
  std::replace(r.begin(), r.end(), '-', '_');
  return r;
}

// The site's HMAC pseudonyms, made by the gateway's own key (a key of the bench's own,
// in its working directory; set in main before any pseudonym is asked for).
std::unique_ptr<custody::PseudonymKey> g_pseudonym_key;

std::string pseudonym(const std::string& id) {
  return g_pseudonym_key->pseudonym(id);
}

const std::vector<std::string> kCriteria = {"BRK-01",  "BRK-02",  "BRK-03",  "BRK-04",  "ENV-03",
                                            "LOAD-01", "LOAD-02", "LOAD-04", "PLN-01",  "REST-01",
                                            "REST-02", "REST-03", "TIME-01", "TIME-02", "TIME-03"};

std::string civil_date(std::int64_t ms) {
  const std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// A site's store with DAYS days of AGENTS agents' facts, the outbox enabled (so every row is
// queued by the triggers, as a gateway would have queued it).
std::int64_t fill_site(const std::filesystem::path& file, const std::string& site, int agents,
                       int days, std::int64_t first_day) {
  store::Database db(file, {"NORMAL", false});
  store::migrate(db);
  store::OutboxRepository(db).enable();
  std::mt19937 rng(static_cast<unsigned>(std::hash<std::string>{}(site)));
  auto transition = db.prepare(
      "INSERT INTO alert_transitions (key, alert_id, change, from_state, state, at, alert,"
      " recorded_at) VALUES (?,?,?,?,?,?,?,?)");
  auto entry = db.prepare(
      "INSERT INTO ledger_entries (idx, src, src_id, kind, at, entry) VALUES (?,?,?,?,?,?)");
  auto checkpoint =
      db.prepare("INSERT INTO checkpoints (size, root, note, signed_at) VALUES (?,?,?,?)");
  auto node = db.prepare(
      "INSERT INTO node_history (node, what, epoch, state, ts, received_at)"
      " VALUES (?, 'state', 'e1', ?, ?, ?)");
  std::int64_t idx = 0, rows = 0;
  for (int d = 0; d < days; ++d) {
    db.exec("BEGIN");
    const std::int64_t day = first_day + d * 86'400'000LL;
    for (int a = 0; a < agents; ++a) {
      const std::string agent = std::to_string(4000 + a);
      const std::string p = pseudonym(agent);
      json criteria = json::object();
      for (const auto& c : kCriteria) criteria[c] = rng() % 10 == 0 ? "breached" : "held";
      const json data{{"agent", p},
                      {"date", civil_date(day)},
                      {"work_ms", 25'200'000 + rng() % 3'600'000},
                      {"pause_ms", 2'700'000},
                      {"off_ms", 58'500'000},
                      {"pauses", json::array({{{"start", day + 36'000'000}, {"ms", 900'000}}})},
                      {"longest_work_ms", 7'200'000},
                      {"criteria", criteria}};
      const json e{{"v", 1},       {"idx", idx},  {"kind", "agent.day"}, {"at", day + 86'399'999},
                   {"site", site}, {"data", data}};
      entry.bind(1, idx).bind(2, "day_summary:" + civil_date(day)).bind(3, std::int64_t{a});
      entry.bind(4, std::string_view("agent.day")).bind(5, day + 86'399'999).bind(6, e.dump());
      entry.run();
      ++idx;
      // Two transitions (fired, resolved) of one agent alert a day.
      const std::string criterion = kCriteria[rng() % kCriteria.size()];
      const std::string id = "a" + std::to_string(rng());
      const std::int64_t started = day + 30'000'000 + (rng() % 20'000'000);
      for (const char* state : {"firing", "resolved"}) {
        const std::int64_t at = started + (std::string(state) == "firing" ? 0 : 1'800'000);
        const json alert{{"id", id},
                         {"criterion", criterion},
                         {"referentiel", "vigie-fr-default"},
                         {"version", "2026.1"},
                         {"severity", "major"},
                         {"site", site},
                         {"subject", {{"agent", agent}}},
                         {"state", state},
                         {"value", 362},
                         {"threshold", 360},
                         {"started_at", started},
                         {"fired_at", started},
                         {"summary", "agent." + agent + ": 6 h 02 min without a 20 min pause"}};
        transition.bind(1, id + ":" + state + ":" + std::to_string(at)).bind(2, id);
        transition.bind(3, std::string_view("state")).bind_null(4).bind(5, std::string_view(state));
        transition.bind(6, at).bind(7, alert.dump()).bind(8, at).run();
      }
      rows += 3;
    }
    for (int q = 0; q < 96; ++q) {  // every 15 min
      const std::int64_t at = day + q * 900'000LL;
      checkpoint.bind(1, idx).bind_blob(2, std::string(32, '\x5a'));
      checkpoint.bind(
          3, "vigie/" + site + "/gw-" + site + "\n" + std::to_string(idx) +
                 "\nWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo=\n\n\xe2\x80\x94 vigie/" + site +
                 "/gw-" + site +
                 " AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                 "AAAAAAAAAAAAAA==\n");
      checkpoint.bind(4, at).run();
      ++rows;
    }
    for (int n = 0; n < 3; ++n)
      for (const char* state : {"online", "offline"}) {
        node.bind(1, "acd-" + std::to_string(n)).bind(2, std::string_view(state));
        node.bind(3, day + (std::string(state) == "online" ? 25'000'000 : 65'000'000));
        node.bind(4, day).run();
        ++rows;
      }
    db.exec("COMMIT");
  }
  return rows;
}

// COPY's text format of one value.
std::string copy_text(const json& v) {
  if (v.is_null()) return "\\N";
  const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  std::string out;
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return out;
}
std::string copy_time(const json& ms) {
  if (ms.is_null()) return "\\N";
  const auto v = ms.get<std::int64_t>();
  const std::time_t t = v / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  char out[64];
  std::snprintf(out, sizeof out, "%s.%03d+00", buf, static_cast<int>(v % 1000));
  return out;
}

struct CopyTable {
  const char* name;
  std::vector<std::pair<const char*, bool>> columns;  // name, a time in ms
};
const std::vector<CopyTable> kCopyTables = {
    {"alert_transitions",
     {{"id", false},
      {"at", true},
      {"key", false},
      {"alert_id", false},
      {"change", false},
      {"from_state", false},
      {"state", false},
      {"criterion", false},
      {"severity", false},
      {"subject_kind", false},
      {"subject_id", false},
      {"started_at", true},
      {"alert", false},
      {"recorded_at", true}}},
    {"node_history",
     {{"id", false},
      {"at", true},
      {"node", false},
      {"what", false},
      {"epoch", false},
      {"node_kind", false},
      {"fw", false},
      {"state", false},
      {"received_at", true}}},
    {"agent_days",
     {{"id", false},
      {"day", false},
      {"agent", false},
      {"work_ms", false},
      {"pause_ms", false},
      {"off_ms", false},
      {"longest_work_ms", false},
      {"criteria", false},
      {"entry", false}}},
    {"checkpoints",
     {{"id", false}, {"signed_at", true}, {"size", false}, {"root", false}, {"note", false}}}};

// The same rows by COPY, with libpq's copy protocol; returns the seconds spent in COPY.
double copy_rows(const std::string& conninfo, const std::string& password, const std::string& site,
                 const central::CentralRows& rows) {
  const json* sets[] = {&rows.alert_transitions, &rows.node_history, &rows.agent_days,
                        &rows.checkpoints};
  std::vector<std::string> data(kCopyTables.size());
  for (std::size_t t = 0; t < kCopyTables.size(); ++t)
    for (const auto& r : *sets[t]) {
      data[t] += site;
      for (const auto& [col, ms] : kCopyTables[t].columns)
        data[t] += "\t" + (ms ? copy_time(r[col]) : copy_text(r[col]));
      data[t] += "\n";
    }
  const std::string conn = conninfo + " password=" + password;
  PGconn* c = PQconnectdb(conn.c_str());
  const auto start = Clock::now();
  for (std::size_t t = 0; t < kCopyTables.size(); ++t) {
    std::string cols = "site";
    for (const auto& [col, ms] : kCopyTables[t].columns) cols += std::string(", ") + col;
    PGresult* r = PQexec(
        c,
        ("COPY vigie." + std::string(kCopyTables[t].name) + " (" + cols + ") FROM STDIN").c_str());
    PQclear(r);
    PQputCopyData(c, data[t].data(), static_cast<int>(data[t].size()));
    PQputCopyEnd(c, nullptr);
    while ((r = PQgetResult(c))) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK)
        std::cerr << "COPY " << kCopyTables[t].name << ": " << PQresultErrorMessage(r);
      PQclear(r);
    }
  }
  const double s = seconds_since(start);
  PQfinish(c);
  return s;
}

struct Stats {
  double p50, p95;
};
Stats stats_of(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]};
}

class NullOutbox : public broker::Outbox {
 public:
  void publish(const std::string&, const std::string&, bool) override {}
};

// (c): MESSAGES batches of 100 events through the real Ingestor, an alert transition recorded
// after each (as the engine records them); with a central, the outbox is on and shipped.
double ingest_rate(const std::filesystem::path& file, int messages,
                   const std::optional<central::ShipperOptions>& central) {
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + "-wal");
  std::filesystem::remove(file.string() + "-shm");
  store::Database db(file, {"FULL", false});
  store::migrate(db);
  std::unique_ptr<central::Shipper> shipper;
  if (central) {
    store::OutboxRepository(db).enable();
    shipper = std::make_unique<central::Shipper>(
        *central, std::make_unique<store::Database>(file, store::OpenOptions{"FULL", false}));
    shipper->start();
  }
  ingest::IngestMetrics metrics;
  NullOutbox outbox;
  ingest::IngestOptions options;
  options.site = central ? central->shipment.site : "site-00";
  auto now = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  ingest::Ingestor ingestor(options, db, outbox, now, metrics);
  store::AlertRepository alerts(db);
  const std::string topic = "vigie/v1/" + options.site + "/node/acd-1/evt";
  std::vector<std::string> payloads;
  for (int m = 0; m < messages; ++m)
    payloads.push_back(testing::batch_json("acd-1", "00000000000000c1",
                                           static_cast<std::uint64_t>(m) * 100 + 1,
                                           static_cast<std::uint64_t>(m) * 100 + 100));
  const auto start = Clock::now();
  for (int m = 0; m < messages; ++m) {
    ingestor.on_message(topic, payloads[static_cast<std::size_t>(m)]);
    const json alert{
        {"id", "a" + std::to_string(m)}, {"criterion", "BRK-01"}, {"severity", "major"},
        {"subject", {{"agent", "a1"}}},  {"state", "firing"},     {"started_at", 1000}};
    alerts.record({"k" + std::to_string(m), "a" + std::to_string(m), "state", std::nullopt,
                   "firing", 1000 + m, "BRK-01", "agent", "a1", "major", 1000, alert.dump()},
                  now());
  }
  const double s = seconds_since(start);
  if (shipper) shipper->stop();
  return messages * 100 / s;
}

}  // namespace

int main(int argc, char** argv) {
  int sites = 50, agents = 200, days = 30, batch = 2000, runs = 20, messages = 1000, parallel = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const int v = std::atoi(argv[i + 1]);
    if (a == "--sites")
      sites = v;
    else if (a == "--agents")
      agents = v;
    else if (a == "--days")
      days = v;
    else if (a == "--batch")
      batch = v;
    else if (a == "--runs")
      runs = v;
    else if (a == "--messages")
      messages = v;
    else if (a == "--parallel")
      parallel = std::max(1, v);
  }
  if (sodium_init() < 0) return 1;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("vigie-central-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  testing::PgCluster pg(dir);
  g_pseudonym_key = std::make_unique<custody::PseudonymKey>(dir / "pseudonym.key");
  const std::string owner = pg.conninfo(testing::PgCluster::kOwner);
  const auto owner_options = pg_options(owner, testing::PgCluster::kPassword);
  {
    central::PgConnection c(owner_options);
    central::migrate_central(c, 1);
  }
  std::string roles;
  for (int s = 0; s < sites; ++s)
    roles += "CREATE ROLE " + role_of(site_name(s)) +
             " LOGIN PASSWORD 'pw'; SELECT vigie.add_site('" + site_name(s) + "', '" +
             role_of(site_name(s)) + "');";
  pg.psql(roles);

  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::int64_t first_day = (now_ms / 86'400'000 - days) * 86'400'000;
  std::cout << "central bench: " << sites << " sites x " << agents << " agents x " << days
            << " days, batch " << batch << std::endl;
  auto t = Clock::now();
  std::int64_t facts = 0;
  for (int s = 0; s < sites; ++s)
    facts += fill_site(dir / (site_name(s) + ".db"), site_name(s), agents, days, first_day);
  std::cout << "  " << facts << " facts queued in " << sites << " site stores (" << std::fixed
            << std::setprecision(1) << seconds_since(t) << " s)" << std::endl;
  const auto pseudonyms = api::Pseudonymiser(pseudonym);
  const central::AlertPseudonymiser pseudonymise = [&](json a) { return pseudonyms.alert(a); };

  // (a) the baseline first: COPY of the very rows the shipment sends, then emptied.
  double copy_s = 0, build_s = 0;
  std::size_t copied = 0;
  for (int s = 0; s < sites; ++s) {
    store::Database db(dir / (site_name(s) + ".db"), {"NORMAL", false});
    store::OutboxRepository outbox(db);
    const auto b0 = Clock::now();
    const auto rows = central::central_rows(outbox.next(1'000'000'000), pseudonymise);
    build_s += seconds_since(b0);
    copied += rows.size();
    copy_s += copy_rows(owner, testing::PgCluster::kPassword, site_name(s), rows);
  }
  pg.psql(
      "TRUNCATE vigie.alert_transitions, vigie.node_history, vigie.agent_days, vigie.checkpoints,"
      " vigie.alerts, vigie.sites; CHECKPOINT;");
  // Sites ship side by side, as fifty gateways do (PARALLEL at once: the machine's cores).
  t = Clock::now();
  std::atomic<std::size_t> shipped{0};
  std::atomic<int> next_site{0};
  std::mutex central_mu;
  double central_s = 0;
  std::vector<std::thread> shippers;
  for (int w = 0; w < parallel; ++w)
    shippers.emplace_back([&] {
      for (int s; (s = next_site++) < sites;) {
        store::Database db(dir / (site_name(s) + ".db"), {"NORMAL", false});
        store::OutboxRepository outbox(db);
        const auto o = pg_options(pg.conninfo(role_of(site_name(s))), "pw");
        central::PgConnection c(o);
        central::ShipmentOptions so{site_name(s), "gw-" + site_name(s),
                                    static_cast<std::size_t>(batch), pseudonymise};
        double mine = 0;
        for (;;) {
          const auto r = central::ship_next(outbox, c, so);
          if (r.outbox_rows == 0) break;
          shipped += r.central_rows;
          mine += r.central_seconds;
        }
        std::lock_guard lock(central_mu);
        central_s += mine;
      }
    });
  for (auto& th : shippers) th.join();
  const double ship_s = seconds_since(t);
  std::cout << "(a) central ingest: shipped " << shipped << " rows in " << std::setprecision(1)
            << ship_s << " s = " << std::setprecision(0) << shipped / ship_s
            << " rows/s; bare COPY of the same " << copied << " rows " << std::setprecision(1)
            << copy_s << " s = " << std::setprecision(0) << copied / copy_s << " rows/s; ratio "
            << std::setprecision(2) << (shipped / ship_s) / (copied / copy_s) << " (target >= 0.5)"
            << "; the site's side (outbox read, pseudonyms, rows) " << std::setprecision(1)
            << build_s << " s of it" << std::endl;
  std::cout << "    with " << parallel << " sites shipping at once; time waiting for the central"
            << " (COPY to a stage, merge, commit), summed over the sites: " << std::setprecision(1)
            << central_s << " s" << std::endl;

  // (b) the pages' queries, the month's rows moved into their partitions first.
  {
    central::PgConnection c(owner_options);
    central::migrate_central(c, 1);
  }
  pg.psql("ANALYZE");
  const auto reader = pg_options(owner, testing::PgCluster::kPassword);
  central::PgConnection rc(reader);
  central::GroupQueries q(rc);
  const std::int64_t from = first_day, to = first_day + days * 86'400'000LL;
  std::vector<double> sites_ms, site_ms, report_ms;
  for (int r = 0; r < runs; ++r) {
    auto s0 = Clock::now();
    q.sites(from, to);
    sites_ms.push_back(seconds_since(s0) * 1000);
    s0 = Clock::now();
    q.site(site_name(r % sites), from, to, true);
    site_ms.push_back(seconds_since(s0) * 1000);
    s0 = Clock::now();
    q.report(from, to);
    report_ms.push_back(seconds_since(s0) * 1000);
  }
  for (const auto& [name, v] :
       {std::pair{"sites page", sites_ms}, {"site drill-down", site_ms}, {"report", report_ms}}) {
    const auto st = stats_of(v);
    std::cout << "(b) " << name << ": p50 " << std::setprecision(1) << st.p50 << " ms, p95 "
              << st.p95 << " ms over " << runs << " runs (target p95 < 200 ms)" << std::endl;
  }

  // (c) the site's ingest with and without the outbox (and its shipper), alternated.
  central::ShipperOptions so;
  so.shipment = {site_name(0), "gw-" + site_name(0), static_cast<std::size_t>(batch), pseudonymise};
  so.pg = pg_options(pg.conninfo(role_of(site_name(0))), "pw");
  so.interval = std::chrono::milliseconds(200);
  double without = 0, with = 0;
  for (int r = 0; r < 2; ++r) {
    without += ingest_rate(dir / "ingest-plain.db", messages, std::nullopt);
    with += ingest_rate(dir / "ingest-outbox.db", messages, so);
  }
  std::cout << "(c) site ingest: " << std::setprecision(0) << without / 2
            << " events/s without a central, " << with / 2
            << " events/s with the outbox shipped meanwhile; cost " << std::setprecision(1)
            << 100.0 * (1 - with / without) << " % (target < 5 %)" << std::endl;
  std::filesystem::remove_all(dir);
  return 0;
}
