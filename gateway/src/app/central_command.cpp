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
#include "app/command_line.hpp"
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

constexpr Usage kUsage{"vigie central", kCentralUsage};

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
  if (asks_for_help(args)) return kUsage.help();
  const auto options = read_options(args, {"--config"}, 1);
  if (options.unexpected) return kUsage.unexpected(*options.unexpected);
  const auto config_path = options["--config"];
  if (config_path.empty()) return kUsage.error("serve needs --config FILE");
  const auto loaded = load_or_say("vigie central", load_group_config, config_path);
  if (!loaded) return 2;
  const GroupConfig& config = *loaded;
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
  return serve_http(
      "vigie central", config.http,
      [&](const api::Request& r, std::string_view client) {
        return router.handle(r, auth, throttle, client);
      },
      [&](auto port) {
        std::cerr << "vigie central: HTTP on " << (config.http.tls ? "https://" : "http://")
                  << config.http.host << ":" << port << std::endl;
      });
}

}  // namespace

int central_command(const std::vector<std::string>& args) {
  if (args.empty()) return kUsage.error("which command? (migrate, serve)");
  if (args[0] == "--help" || args[0] == "-h") return kUsage.help();
  if (args[0] == "serve") return serve(args);
  if (args[0] != "migrate") return kUsage.error("unknown command '" + args[0] + "'");
  if (asks_for_help(args)) return kUsage.help();
  const auto options = read_options(args, {"--conninfo", "--password-file", "--months-ahead"}, 1);
  if (options.unexpected) return kUsage.unexpected(*options.unexpected);
  central::PgOptions pg;
  pg.application_name = "vigie central migrate";
  pg.timeout = std::chrono::minutes(10);  // moving a default partition's rows takes its time
  int months_ahead = 3;
  pg.conninfo = options["--conninfo"];
  if (const auto file = options["--password-file"]; !file.empty()) {
    std::ifstream in(file);
    if (!in) return kUsage.error("cannot read the password file " + file);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    pg.password = s;
  }
  if (options.values.count("--months-ahead")) {
    const std::string v = options["--months-ahead"];
    if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos)
      return kUsage.error("--months-ahead takes a number of months from 0 to 999");
    months_ahead = std::stoi(v);
  }
  if (pg.conninfo.empty()) return kUsage.error("migrate needs --conninfo");
  if (const auto bad = central::conninfo_error(pg.conninfo))
    return kUsage.error("--conninfo is not a PostgreSQL connection string: " + *bad);
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
