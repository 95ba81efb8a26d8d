// `vigie gateway --config FILE`: wires config, store, ingest, MQTT and HTTP,
// then runs until SIGTERM or SIGINT.
#include <malloc.h>
#include <sodium.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/audit_routes.hpp"
#include "api/auth.hpp"
#include "api/auth_throttle.hpp"
#include "api/cse_routes.hpp"
#include "api/dashboard_files.hpp"
#include "api/dashboard_routes.hpp"
#include "api/floor_routes.hpp"
#include "api/gateway_routes.hpp"
#include "api/gateway_status.hpp"
#include "api/http_server.hpp"
#include "api/live_hub.hpp"
#include "api/pseudonymiser.hpp"
#include "api/report_routes.hpp"
#include "api/router.hpp"
#include "api/team_only_floor.hpp"
#include "api/tls_context.hpp"
#include "app/central_setup.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/condition_metrics.hpp"
#include "app/engine_setup.hpp"
#include "app/gateway_inbox.hpp"
#include "app/governance.hpp"
#include "app/ingest_setup.hpp"
#include "app/notify_setup.hpp"
#include "app/process_metrics.hpp"
#include "app/systemd_notify.hpp"
#include "broker/mqtt_link.hpp"
#include "broker/topics.hpp"
#include "config/config.hpp"
#include "custody/audit_service.hpp"
#include "custody/evidence_service.hpp"
#include "custody/in_force.hpp"
#include "custody/pseudonym.hpp"
#include "domain/wall_now.hpp"
#include "engine/alert_json.hpp"
#include "engine/time_zone.hpp"
#include "ingest/durable_ingest.hpp"
#include "ingest/ingestor.hpp"
#include "notify/alert_publisher.hpp"
#include "report/report_service.hpp"
#include "store/database.hpp"
#include "store/integrity.hpp"
#include "store/schema.hpp"
#include "store/store_lock.hpp"
#include "summary/cse_view.hpp"
#include "watch/floor_view.hpp"
#include "watch/floor_watch.hpp"
#include "witness/witness_submitter.hpp"

namespace vigie::app {
namespace {

constexpr const char* kGatewayUsage =
    "usage: vigie gateway --config FILE [--init]\n"
    "\n"
    "Runs the Vigie gateway: ingests node events from the MQTT broker into the\n"
    "SQLite store, acknowledging each only once it is durably committed, and\n"
    "serves the HTTP API. Stops cleanly on SIGTERM or SIGINT.\n"
    "\n"
    "  --init  the store file (store.path) exists but is empty (0 bytes): create a\n"
    "          new store in its place. Without it such a file is refused (exit 1),\n"
    "          as a store lost by accident may be. A missing file is always created;\n"
    "          a store that holds data is never replaced.\n";

api::GovernanceStatus governance_status(const GovernanceConfig& g) {
  return {g.complete(), g.missing()};
}

class IngestStatus : public api::GatewayStatus {
 public:
  IngestStatus(const ingest::IngestMetrics& m, api::GovernanceStatus governance,
               api::SiteClock site)
      : m_(m), governance_(std::move(governance)), site_(std::move(site)) {}
  api::IngestStats stats() const override { return m_.stats(); }
  bool broker_connected() const override { return m_.broker_connected; }
  bool store_writable() const override { return m_.store_writable; }
  std::string store_error() const override { return m_.store_error(); }
  std::string prometheus_text() const override {
    std::string text = m_.prometheus_text();
    for (const auto& more : more_metrics_) text += more();
    return text;
  }
  std::optional<api::GovernanceStatus> governance() const override { return governance_; }
  std::optional<api::SiteClock> site() const override { return site_; }
  std::optional<api::OutboxHealth> outbox() const override {
    return outbox_ ? outbox_() : std::nullopt;
  }
  void set_outbox(std::function<std::optional<api::OutboxHealth>()> f) { outbox_ = std::move(f); }
  // Counters kept outside ingest (the API's auth throttle), appended to /metrics. Before the
  // HTTP server starts.
  void add_metrics(std::function<std::string()> more) { more_metrics_.push_back(std::move(more)); }

 private:
  const ingest::IngestMetrics& m_;
  const api::GovernanceStatus governance_;
  const api::SiteClock site_;
  std::vector<std::function<std::string()>> more_metrics_;
  std::function<std::optional<api::OutboxHealth>()> outbox_;
};

std::string gateway_state(const char* state) {
  return nlohmann::json{{"state", state}, {"ts", wall_now()}}.dump();
}

}  // namespace

int gateway_command(const std::vector<std::string>& args) {
  std::string config_path;
  auto empty_store = store::EmptyStore::refuse;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << kGatewayUsage;
      return 0;
    } else if (args[i] == "--config" && i + 1 < args.size()) {
      config_path = args[++i];
    } else if (args[i] == "--init") {
      empty_store = store::EmptyStore::initialise;
    } else {
      std::cerr << "vigie gateway: unexpected argument '" << args[i] << "'\n" << kGatewayUsage;
      return 2;
    }
  }
  if (config_path.empty()) {
    std::cerr << "vigie gateway: --config FILE is required\n" << kGatewayUsage;
    return 2;
  }
  if (!sodium_ready()) return 1;
  // Before any thread starts. glibc gives each thread that allocates an arena of its own;
  // ingest allocates on Paho's thread what the engine's thread frees, and each arena keeps
  // its own high-water mark. Two arenas for a handful of threads (issue 15: peak RSS).
  mallopt(M_ARENA_MAX, 2);

  const auto loaded = load_or_say("vigie", load_config, config_path);
  if (!loaded) return 2;
  const Config& config = *loaded;

  engine::EngineOptions engine_opts;
  try {
    engine_opts = engine_options(config);
  } catch (const std::exception& e) {
    std::cerr << "vigie: référentiel: " << e.what() << "\n";
    return 2;
  }
  const bool per_agent = config.governance.complete();
  std::cerr << "vigie: " << governance_notice(config.governance) << std::endl;

  // One gateway per store, before anything reads or writes it.
  std::string lock_refusal;
  std::error_code dir_error;
  if (config.store.path.has_parent_path())
    std::filesystem::create_directories(config.store.path.parent_path(), dir_error);
  std::optional<store::StoreLock> store_lock;
  if (store::StoreLock::acquire(config.store.path, store_lock, lock_refusal) ==
      store::StoreLock::Outcome::in_use) {
    std::cerr << "vigie: " << lock_refusal << "; this gateway stops and touches nothing\n";
    return 1;
  }
  // Unavailable (a read-only directory): the store cannot be written either, and the
  // check below says so.
  // A damaged or empty store is refused before anything writes to it: never repaired over.
  if (const auto refusal = store::start_refusal(config.store.path, empty_store)) {
    std::cerr << "vigie: " << *refusal << "\n";
    return 1;
  }
  if (!store_lock)
    std::cerr << "vigie: warning: " << lock_refusal
              << "; running without the lock that keeps a second gateway off this store"
              << std::endl;
  // Ingest, the engine and HTTP each have their own connection: WAL lets them work side by
  // side, and HTTP's reads never wait for a writer.
  std::unique_ptr<store::Database> db, watch_db, http_db;
  try {
    const store::OpenOptions open{config.store.synchronous, false};
    db = std::make_unique<store::Database>(config.store.path, open);
    store::migrate(*db);
    // The engine reads back the events just committed and records alerts; HTTP reads: a
    // quarter of SQLite's default page cache each (the OS caches the file anyway).
    store::OpenOptions reader = open;
    reader.cache_kib = 512;
    watch_db = std::make_unique<store::Database>(config.store.path, reader);
    http_db = std::make_unique<store::Database>(config.store.path, reader);
  } catch (const std::exception& e) {
    std::cerr << "vigie: cannot open the store: " << e.what() << "\n";
    return 1;
  }

  // The link publishes from its first moment (queued until it connects); it takes messages
  // only once started with the inbox, below, when every side that answers a reconnect exists.
  ingest::IngestMetrics metrics;
  const auto state_topic = broker::gateway_state_topic(config.gateway_id);
  broker::MqttLinkOptions link_options;
  link_options.url = config.broker.url;
  link_options.client_id = "vigie-" + config.gateway_id;
  link_options.username = config.broker.username;
  link_options.password = config.broker.password;
  if (config.broker.ca_file) link_options.ca_file = config.broker.ca_file->string();
  if (config.broker.cert_file) link_options.cert_file = config.broker.cert_file->string();
  if (config.broker.key_file) link_options.key_file = config.broker.key_file->string();
  link_options.will_topic = state_topic;
  link_options.will_payload = gateway_state("offline");
  link_options.subscriptions = broker::node_subscriptions(config.site);
  broker::MqttLink link(link_options);

  ingest::Ingestor ingestor(ingest_options(config, engine_opts), *db, link, wall_now, metrics);
  ingest::DurableIngest durable(ingestor);

  // Two threads of our own: this one serves HTTP (io), the engine's runs the référentiel
  // engine, its records and the evidence (engine_io). Neither ever waits for Paho: what
  // they publish is queued by the link (broker/mqtt_link).
  boost::asio::io_context io;
  boost::asio::io_context engine_io;
  notify::AlertPublisher publisher(config.site, link);
  const auto referentiel_in_force =
      custody::referentiel_record(engine_opts, referentiel_file(config));
  watch::FloorWatch watch(std::move(engine_opts), *watch_db, &publisher, &engine_io);
  try {
    const auto replayed = watch.rebuild(wall_now());
    std::cerr << "vigie: engine rebuilt from " << replayed << " stored events" << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "vigie: cannot rebuild the engine from the store: " << e.what() << "\n";
    return 1;
  }
  engine::SystemClock system_clock;
  watch.go_live(system_clock, std::chrono::seconds(1));
  ingestor.set_listener(&watch);

  IngestStatus status(metrics, governance_status(config.governance),
                      {config.site, config.timezone});
  std::unique_ptr<custody::PseudonymKey> pseudonym_key;
  try {
    pseudonym_key = std::make_unique<custody::PseudonymKey>(config.evidence.pseudonym_key_file);
  } catch (const std::exception& e) {
    std::cerr << "vigie: " << e.what() << "\n";
    return 1;
  }
  api::Pseudonymiser pseudonyms(
      [&](const std::string& id) { return pseudonym_key->pseudonym(id); });

  // Witnesses (evidence.witnesses): each new checkpoint submitted for cosignature, on a
  // thread of its own; declared first, so it outlives the evidence service that nudges it.
  std::unique_ptr<witness::WitnessSubmitter> witness_submitter;
  try {
    witness_submitter = std::make_unique<witness::WitnessSubmitter>(
        config, std::min<std::chrono::milliseconds>(config.evidence.checkpoint_every,
                                                    std::chrono::seconds(30)));
  } catch (const std::exception& e) {
    std::cerr << "vigie: " << e.what() << "\n";
    return 1;
  }
  if (!config.evidence.witnesses.empty())
    status.add_metrics([&witness_submitter] { return witness_submitter->prometheus_text(); });
  // Evidence: the ledger fed from what the store holds, signed checkpoints.
  std::unique_ptr<custody::EvidenceService> evidence_service;
  try {
    evidence_service = std::make_unique<custody::EvidenceService>(
        config, *watch_db,
        evidence::LedgerFeedOptions{
            config.site, [&](nlohmann::json a) { return pseudonyms.alert(a); },
            [&](const std::string& id) { return pseudonyms.pseudonym(id); }},
        link, engine_io);
    // Each agent's day is per-agent evidence: kept only once governance is complete.
    if (per_agent)
      evidence_service->enable_day_summaries(
          {&watch.engine().zone(), &watch.engine().active_referentiel(),
           [&](const std::string& id) { return pseudonyms.pseudonym(id); }});
    evidence_service->on_checkpoint([&witness_submitter] { witness_submitter->nudge(); });
    evidence_service->start(referentiel_in_force, custody::config_record(config, config_path),
                            wall_now());
    witness_submitter->start();
  } catch (const std::exception& e) {
    std::cerr << "vigie: evidence: " << e.what() << "\n";
    return 1;
  }
  // The group's central PostgreSQL: the outbox shipped by a thread of its own (issue 18).
  std::unique_ptr<central::Shipper> shipper;
  try {
    shipper = start_shipper(config, *db, [&](nlohmann::json a) { return pseudonyms.alert(a); });
  } catch (const std::exception& e) {
    std::cerr << "vigie: central: " << e.what() << "\n";
    return 1;
  }
  if (shipper) status.add_metrics([&shipper] { return shipper->prometheus_text(); });
  status.set_outbox([&shipper] { return outbox_health(shipper.get()); });
  // Optional: alerts to a webhook and to Alertmanager, over HTTP(S), threads of their own.
  std::unique_ptr<Notifiers> notifiers;
  try {
    notifiers = std::make_unique<Notifiers>(config, watch, pseudonyms);
  } catch (const std::exception& e) {
    std::cerr << "vigie: " << e.what() << "\n";
    return 1;
  }
  status.add_metrics([&notifiers] { return notifiers->prometheus_text(); });
  watch::FloorView floor(watch, *http_db);
  // Governance incomplete: every reader of the floor sees teams only.
  api::TeamOnlyFloor team_floor(floor, governance_status(config.governance));
  api::FloorService& served = per_agent ? static_cast<api::FloorService&>(floor) : team_floor;
  api::Router router;
  api::add_gateway_routes(router, status);
  api::Authenticator auth(config.tokens);
  // Wrong tokens from one address lock it out for a while (429), on every route and live.
  api::AuthThrottle auth_throttle;
  status.add_metrics([&auth_throttle] { return auth_throttle.prometheus_text(); });
  api::LiveHubOptions live_options;
  live_options.throttle = &auth_throttle;
  api::LiveHub live(
      auth, pseudonyms, [&served] { return api::floor_snapshot(served); }, live_options);
  // Dates and date-times in periods (?from=2026-12-07) are read on the site's clock.
  api::SiteLocalToUtc site_clock;
  try {
    auto zone = std::make_shared<const engine::TimeZone>(engine::TimeZone::load(config.timezone));
    site_clock = [zone](int y, int m, int d, std::int64_t ms_of_day) {
      return zone->to_utc(engine::CivilDate{y, m, d}, ms_of_day);
    };
  } catch (const std::exception& e) {
    std::cerr << "vigie: time zone " << config.timezone << ": " << e.what()
              << "; dates in API periods are read as UTC\n";
  }
  api::add_floor_routes(router, served, live, pseudonyms, {.now = {}, .site = site_clock});
  // /metrics: working conditions (team and alert aggregates only), the build, the process.
  status.add_metrics([&] {
    ConditionSnapshot snapshot;
    snapshot.agents = floor.agent_states();
    try {
      snapshot.nodes = floor.nodes();
    } catch (const std::exception&) {
      // The store refused a read: /metrics still answers, without vigie_nodes.
    }
    watch.with_engine([&](const engine::Engine& e) {
      e.for_each_active_alert([&](const engine::Alert& a) { snapshot.active_alerts.add(a); });
    });
    snapshot.last_checkpoint = evidence_service->last_checkpoint();
    snapshot.now = wall_now();
    return condition_metrics_text(snapshot) + build_info_text(VIGIE_VERSION) +
           process_metrics_text();
  });
  custody::GatewayAudit audit(config, *http_db, evidence_service->key());
  api::add_audit_routes(router, audit, site_clock);
  // The staff representatives: team- and site-level aggregates only.
  summary::CseView cse(served, *http_db, watch.engine().zone(),
                       watch.engine().active_referentiel());
  api::add_cse_routes(router, cse, site_clock);
  report::GatewayReport reports(config.site, config.timezone, watch.engine().zone(),
                                watch.engine().active_referentiel(), *http_db,
                                evidence_service->key());
  api::add_report_routes(router, reports);
  api::add_dashboard_routes(router, api::dashboard_files());
  // Live views: each alert transition, and each agent an event touched.
  // Built only while a dashboard listens: at 5,000 agents a team count costs a scan of the
  // floor, per event, on the engine's thread (issue 15).
  watch.add_observer([&](const engine::AlertTransition& t) {
    if (!live.listened()) return;
    auto alert = engine::alert_object(t.alert);
    if (!per_agent && api::TeamOnlyFloor::about_an_agent(alert)) return;
    live.publish({{"type", "alert"}, {"alert", std::move(alert)}});
  });
  struct TeamsSent {
    std::mutex mu;
    std::map<std::string, nlohmann::json> by_team;
  };
  auto teams_sent = std::make_shared<TeamsSent>();
  watch.add_item_observer([&, teams_sent](const ingest::CommittedItem& item) {
    const auto* stored = std::get_if<ingest::Released>(&item);
    if (!stored) return;
    if (!live.listened()) {
      // A client that joins starts from a snapshot: what was sent before says nothing of it.
      std::lock_guard lock(teams_sent->mu);
      teams_sent->by_team.clear();
      return;
    }
    const auto* change = std::get_if<AgentStateChange>(&stored->event.body);
    if (!change) return;
    if (!per_agent) {
      // The agent's team only: its counts changed, the agent is not named.
      const auto floor_now = served.teams();
      for (const auto& team : floor_now.value("teams", nlohmann::json::array()))
        if (team.value("team", "") == change->team)
          live.publish(
              {{"type", "team"}, {"at", floor_now.value("at", nlohmann::json())}, {"team", team}});
      return;
    }
    auto entry = floor.agent_entry(change->agent);
    if (entry.is_null()) return;
    // Each message carries the gateway's clock: the page measures durations with it.
    const auto now = floor.teams();
    live.publish({{"type", "agent"}, {"at", now["at"]}, {"agent", std::move(entry)}});
    // The agent's change moved its team's counts (two teams' when it changed team): each
    // team whose counts differ from those last sent goes out, so the cards follow the floor.
    std::lock_guard lock(teams_sent->mu);
    for (const auto& team : now["teams"]) {
      auto& sent = teams_sent->by_team[team.value("team", "")];
      if (sent == team) continue;
      sent = team;
      live.publish({{"type", "team"}, {"at", now["at"]}, {"team", team}});
    }
  });
  api::HttpServerOptions http_options;
  try {
    http_options = http_server_options(config.http);
  } catch (const std::exception& e) {
    std::cerr << "vigie: " << e.what() << "\n";
    return 1;
  }
  api::HttpServer http(io, std::move(http_options),
                       [&](const api::Request& r, std::string_view client) {
                         return router.handle(r, auth, auth_throttle, client);
                       });
  live.attach(http);
  try {
    http.start();
  } catch (const std::exception& e) {
    std::cerr << "vigie: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "vigie: HTTP on " << (config.http.tls ? "https://" : "http://") << config.http.host
            << ":" << http.port() << std::endl;

  // From here on the engine's store connection (watch_db) is the engine thread's only.
  auto engine_work = boost::asio::make_work_guard(engine_io);
  std::thread engine_thread([&] { engine_io.run(); });
  // Each (re)connect publishes again what the broker should hold: the gateway's state, each
  // node's ack, the active alerts and the latest checkpoint (the last two on the engine's
  // thread).
  GatewayInbox inbox(durable, metrics, [&] {
    std::cerr << "vigie: connected to " << config.broker.url << " as " << link_options.client_id
              << std::endl;
    link.publish(state_topic, gateway_state("online"), true);
    ingestor.republish_acks();
    boost::asio::post(engine_io, [&] {
      watch.with_engine([&](const engine::Engine& e) {
        publisher.republish([&](auto&& retain) { e.for_each_active_alert(retain); });
      });
      evidence_service->republish();
    });
  });
  link.start(inbox);
  // Ingest's wall-time duties (resyncs repeated, holes given up) on a thread of their own:
  // they wait for the ingest lock, which a failing commit may hold.
  std::atomic<bool> ticking{true};
  std::thread ingest_ticker([&] {
    while (ticking) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      try {
        ingestor.tick();
      } catch (const std::exception&) {
        // The store refused: nothing was lost, the next tick tries again.
      }
    }
  });
  std::cerr << "vigie: gateway " << config.gateway_id << " for site " << config.site << ", store "
            << config.store.path.string() << std::endl;

  // Under systemd (Type=notify): ready now that the store is open and HTTP listens; the
  // watchdog is fed from the engine's thread, so a stuck engine gets the service restarted.
  const SystemdNotifier systemd;
  boost::asio::steady_timer watchdog(engine_io);
  std::function<void()> feed_watchdog = [&] {
    systemd.notify("WATCHDOG=1");
    watchdog.expires_after(*systemd.watchdog_every());
    watchdog.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) feed_watchdog();
    });
  };
  if (systemd.watchdog_every()) boost::asio::post(engine_io, feed_watchdog);
  systemd.notify("READY=1\nSTATUS=site " + config.site + ", store " + config.store.path.string());

  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code&, int sig) {
    std::cerr << "vigie: signal " << sig << ", draining" << std::endl;
    systemd.notify("STOPPING=1\nSTATUS=draining");
    http.stop();
    io.stop();
  });
  io.run();
  ticking = false;
  ingest_ticker.join();
  // The engine stops after the work in hand, not behind its queue: after an outage the
  // broker's backlog is stored far faster than the engine judges it (150,000 events: half a
  // minute), and a stop must not wait for that. What it had not judged yet is in the store and
  // is judged at the next start (the rebuild records what was not recorded), as after a crash.
  engine_io.stop();
  engine_thread.join();
  // Its thread has ended: its store connection and timers are this thread's now.
  watch.stop();
  evidence_service->stop(wall_now());

  // Disconnecting lets the message in progress commit; unacknowledged ones stay with the broker.
  link.stop(std::make_pair(state_topic, gateway_state("offline")), std::chrono::seconds(5));
  if (link.holding()) {
    // EX_TEMPFAIL: systemd's Restart=on-failure starts it again, to retry the store.
    std::cerr << "vigie: stopped with a message the store refused; never acknowledged, the"
                 " broker delivers it again to the next run"
              << std::endl;
    return 75;
  }
  std::cerr << "vigie: stopped" << std::endl;
  return 0;
}

}  // namespace vigie::app
