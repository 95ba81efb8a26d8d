// `vigie audit export` and `vigie audit verify` (contract.md sec. 4).
#include <sodium.h>

#include <chrono>
#include <iostream>
#include <optional>

#include "api/pseudonymiser.hpp"
#include "app/commands.hpp"
#include "app/engine_setup.hpp"
#include "app/ledger_catch_up.hpp"
#include "app/pseudonym.hpp"
#include "config/config.hpp"
#include "engine/time_zone.hpp"
#include "evidence/checkpointer.hpp"
#include "evidence/ledger_feed.hpp"
#include "evidence/pack_verifier.hpp"
#include "evidence/pack_writer.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "summary/day_summary.hpp"

namespace vigie::app {
namespace {

constexpr const char* kAuditUsage =
    "usage: vigie audit export --config FILE --from DATE --to DATE [--site S] --out DIR\n"
    "       vigie audit verify DIR [--key FINGERPRINT]\n"
    "\n"
    "export  writes an audit pack of the evidence whose time falls in the site's civil days\n"
    "        DATE..DATE (YYYY-MM-DD, both included) into DIR, which must be new or empty.\n"
    "verify  checks a pack with nothing but the pack: exit 0 only if every entry, proof,\n"
    "        signature and file hash holds; otherwise exit 1 and name each failure.\n"
    "        --key: the key fingerprint you trust (\"SHA256:...\"), e.g. from the site.\n";

TimestampMs wall_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int usage_error(const std::string& what) {
  std::cerr << "vigie audit: " << what << "\n" << kAuditUsage;
  return 2;
}

int export_pack(const std::vector<std::string>& args) {
  std::string config_path, from_text, to_text, site, out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--config" && has_value)
      config_path = args[++i];
    else if (args[i] == "--from" && has_value)
      from_text = args[++i];
    else if (args[i] == "--to" && has_value)
      to_text = args[++i];
    else if (args[i] == "--site" && has_value)
      site = args[++i];
    else if (args[i] == "--out" && has_value)
      out = args[++i];
    else
      return usage_error("unexpected argument '" + args[i] + "'");
  }
  if (config_path.empty() || from_text.empty() || to_text.empty() || out.empty())
    return usage_error("export needs --config, --from, --to and --out");
  const auto from_date = engine::parse_civil_date(from_text),
             to_date = engine::parse_civil_date(to_text);
  if (!from_date) return usage_error("--from: not a date (YYYY-MM-DD): '" + from_text + "'");
  if (!to_date) return usage_error("--to: not a date (YYYY-MM-DD): '" + to_text + "'");
  if (*to_date < *from_date) return usage_error("--to is before --from");

  Config config;
  try {
    config = load_config(config_path);
  } catch (const ConfigError& e) {
    std::cerr << "vigie: configuration error: " << e.what() << "\n";
    return 2;
  }
  if (!site.empty() && site != config.site)
    return usage_error("--site " + site + ": this configuration is for site " + config.site);
  try {
    const auto zone = engine::TimeZone::load(config.timezone);
    store::Database db(config.store.path, {config.store.synchronous, false});
    store::migrate(db);
    // Everything stored so far goes into the ledger before the pack is cut.
    catch_up_ledger(db, config, engine_options(config), *from_date, *to_date, wall_now());
    const auto key = evidence::SigningKey::load_or_create(
        config.evidence.key_file, evidence::ledger_origin(config.site, config.gateway_id));
    evidence::PackRequest request{config.site,
                                  evidence::ledger_origin(config.site, config.gateway_id),
                                  config.timezone,
                                  zone.start_of_day(*from_date),
                                  zone.start_of_day(engine::add_days(*to_date, 1)),
                                  out};
    const auto summary = evidence::write_pack(db, key, request, wall_now());
    std::cout << "audit pack " << out << ": " << summary.entries << " entries of " << from_text
              << ".." << to_text << " (" << config.timezone << "), proven against a checkpoint of "
              << summary.tree_size << " entries, key " << evidence::fingerprint(key.public_key())
              << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "vigie audit export: " << e.what() << "\n";
    return 1;
  }
}

int verify_pack(const std::vector<std::string>& args) {
  std::string dir;
  std::optional<std::string> key;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--key" && i + 1 < args.size())
      key = args[++i];
    else if (dir.empty() && args[i].rfind("--", 0) != 0)
      dir = args[i];
    else
      return usage_error("unexpected argument '" + args[i] + "'");
  }
  if (dir.empty()) return usage_error("verify needs the pack's directory");
  if (!std::filesystem::is_directory(dir)) return usage_error(dir + ": not a directory");
  const auto result = evidence::verify_pack(dir, key);
  for (const auto& f : result.failures) std::cout << "FAIL " << f << "\n";
  if (!result.ok()) {
    std::cout << "audit pack " << dir << ": " << result.failures.size()
              << " failure(s); do not rely on it\n";
    return 1;
  }
  std::cout << "audit pack " << dir << ": OK, " << result.entries
            << " entries proven against a signed checkpoint of " << result.tree_size
            << " entries, key " << result.fingerprint << "\n";
  return 0;
}

}  // namespace

int audit_command(const std::vector<std::string>& args) {
  if (args.empty()) return usage_error("export or verify?");
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << kAuditUsage;
    return 0;
  }
  if (sodium_init() < 0) {
    std::cerr << "vigie: libsodium failed to initialise\n";
    return 1;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "export") return export_pack(rest);
  if (args[0] == "verify") return verify_pack(rest);
  return usage_error("unknown audit command '" + args[0] + "'");
}

}  // namespace vigie::app
