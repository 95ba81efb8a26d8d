// `vigie central migrate --conninfo CONNINFO`: creates or upgrades the group's
// central PostgreSQL schema (central/central_schema) and its monthly partitions.
#include <fstream>
#include <iostream>

#include "app/commands.hpp"
#include "central/central_schema.hpp"

namespace vigie::app {
namespace {

constexpr const char* kCentralUsage =
    "usage: vigie central migrate --conninfo CONNINFO [--password-file FILE]\n"
    "                             [--months-ahead N]\n"
    "\n"
    "Creates or upgrades the group's central PostgreSQL schema: the tables each\n"
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

}  // namespace

int central_command(const std::vector<std::string>& args) {
  if (args.empty()) return usage_error("which command? (migrate)");
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << kCentralUsage;
    return 0;
  }
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
