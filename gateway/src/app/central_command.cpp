// `vigie central migrate --conninfo CONNINFO`: creates or upgrades the group's
// central PostgreSQL schema (central/central_schema) and its monthly partitions.
// `vigie central serve --config FILE`: the group's HTTP API and page over it.
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <iostream>
#include <mutex>

#include "api/auth.hpp"
#include "api/auth_throttle.hpp"
#include "api/dashboard_files.hpp"
#include "api/dashboard_routes.hpp"
#include "api/group_routes.hpp"
#include "api/http_server.hpp"
#include "api/router.hpp"
#include "api/tls_context.hpp"
#include "app/commands.hpp"
#include "central/central_schema.hpp"
#include "central/group_queries.hpp"
#include "config/config.hpp"

namespace vigie::app {
namespace {

constexpr const char* kCentralUsage =
    "usage: vigie central migrate --conninfo CONNINFO [--password-file FILE]\n"
    "                             [--months-ahead N]\n"
    "       vigie central serve --config FILE\n"
    "\n"
    "serve: the group's HTTP API and page (sites first, then a site's teams and\n"
    "pseudonymous agent-days, the period's audit report) over the central database,\n"
    "read through a member of vigie_reader. FILE has database: (conninfo,\n"
    "password_file, timeout), http: (listen, tls) and tokens:, as a gateway's.\n"
    "\n"
    "migrate: "
    "creates or upgrades the group's central PostgreSQL schema: the tables each\n"
    "site's gateway ships its facts to, partitioned by month, the roles vigie_site\n"
    "(a site writes only its own rows) and vigie_reader (read-only), and the\n"
    "monthly partitions from this month to N months ahead (3 by default) and for\n"
    "every month whose rows wait in a default partition. Run it as the database's\n"
    "owner, with the right to create roles, at installation and every month.\n"
    "CONNINFO is libpq's (\"host=... dbname=... user=...\" or postgresql://...).\n"
    "Exit: 0 done, 1 the database refused or could not be reached, 2 bad usage.\n";

int usage_error(const std::string& what) {
  std::cerr << "vigie central: " << what << "\n" << kCentralUsage;
  return 2;
}

// The group's pages over one connection, opened again after any failure. The HTTP
// thread is the only caller; the lock keeps that true of any future one.
class CentralGroup final : public api::GroupService {
 public:
  explicit CentralGroup(central::PgOptions options) : options_(std::move(options)) {}

 private:
  template <typename F>
  auto with(F&& f) {
    std::lock_guard lock(mu_);
    try {
      if (!pg_ || !pg_->usable()) {
        pg_.reset();
        pg_ = std::make_unique<central::PgConnection>(options_);
      }
      central::GroupQueries q(*pg_);
      return f(q);
    } catch (...) {
      pg_.reset();
      throw;
    }
  }

 public:
  nlohmann::json sites(std::int64_t from, std::int64_t to) override {
    return with([&](central::GroupQueries& q) { return q.sites(from, to); });
  }
  std::optional<nlohmann::json> site(const std::string& site, std::int64_t from,
                                     std::int64_t to) override {
    return with([&](central::GroupQueries& q) { return q.site(site, from, to, true); });
  }
  nlohmann::json report(std::int64_t from, std::int64_t to) override {
    return with([&](central::GroupQueries& q) { return q.report(from, to); });
  }
  bool healthy() override {
    return with([&](central::GroupQueries& q) { return q.answers(); });
  }

 private:
  central::PgOptions options_;
  std::mutex mu_;
  std::unique_ptr<central::PgConnection> pg_;
};

int serve(const std::vector<std::string>& args) {
  std::string config_path;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << kCentralUsage;
      return 0;
    }
    if (args[i] == "--config" && i + 1 < args.size())
      config_path = args[++i];
    else
      return usage_error("unexpected argument '" + args[i] + "'");
  }
  if (config_path.empty()) return usage_error("serve needs --config FILE");
  GroupConfig config;
  try {
    config = load_group_config(config_path);
  } catch (const ConfigError& e) {
    std::cerr << "vigie central: configuration error: " << e.what() << "\n";
    return 2;
  }
  central::PgOptions pg;
  pg.conninfo = config.database.conninfo;
  pg.password = config.database.password;
  pg.application_name = "vigie central serve";
  pg.timeout = config.database.timeout;
  CentralGroup group(pg);
  api::Router router;
  api::add_group_routes(router, group);
  api::add_dashboard_routes(router, api::dashboard_files(), "group.html");
  api::Authenticator auth(config.tokens);
  api::AuthThrottle throttle;
  boost::asio::io_context io;
  api::HttpServerOptions options{.host = config.http.host, .port = config.http.port};
  try {
    if (config.http.tls)
      options.tls =
          api::make_server_tls_context(config.http.tls->cert_file, config.http.tls->key_file);
    api::HttpServer http(io, std::move(options),
                         [&](const api::Request& r, std::string_view client) {
                           return router.handle(r, auth, throttle, client);
                         });
    http.start();
    std::cerr << "vigie central: HTTP on " << (config.http.tls ? "https://" : "http://")
              << config.http.host << ":" << http.port() << std::endl;
    api::serve_until_signalled(io, http);
  } catch (const std::exception& e) {
    std::cerr << "vigie central: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "vigie central: stopped" << std::endl;
  return 0;
}

}  // namespace

int central_command(const std::vector<std::string>& args) {
  if (args.empty()) return usage_error("which command? (migrate, serve)");
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << kCentralUsage;
    return 0;
  }
  if (args[0] == "serve") return serve(args);
  if (args[0] != "migrate") return usage_error("unknown command '" + args[0] + "'");
  central::PgOptions pg;
  pg.application_name = "vigie central migrate";
  pg.timeout = std::chrono::minutes(10);  // moving a default partition's rows takes its time
  int months_ahead = 3;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << kCentralUsage;
      return 0;
    } else if (args[i] == "--conninfo" && has_value) {
      pg.conninfo = args[++i];
    } else if (args[i] == "--password-file" && has_value) {
      std::ifstream in(args[++i]);
      if (!in) return usage_error("cannot read the password file " + args[i]);
      std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
      pg.password = s;
    } else if (args[i] == "--months-ahead" && has_value) {
      const std::string v = args[++i];
      if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos)
        return usage_error("--months-ahead takes a number of months from 0 to 999");
      months_ahead = std::stoi(v);
    } else {
      return usage_error("unexpected argument '" + args[i] + "'");
    }
  }
  if (pg.conninfo.empty()) return usage_error("migrate needs --conninfo");
  if (const auto bad = central::conninfo_error(pg.conninfo))
    return usage_error("--conninfo is not a PostgreSQL connection string: " + *bad);
  try {
    central::PgConnection connection(pg);
    const auto r = central::migrate_central(connection, months_ahead);
    std::cout << "central schema at version " << r.to
              << (r.from == r.to ? " (already)" : " (was " + std::to_string(r.from) + ")") << ", "
              << r.partitions_added << " monthly partitions added\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "vigie central: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace vigie::app
