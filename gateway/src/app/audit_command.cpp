// `vigie audit export` and `vigie audit verify` (contract.md sec. 4).
#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/engine_setup.hpp"
#include "config/config.hpp"
#include "custody/pseudonym.hpp"
#include "domain/wall_now.hpp"
#include "engine/civil_date.hpp"
#include "engine/time_zone.hpp"
#include "evidence/checkpointer.hpp"
#include "evidence/pack_verifier.hpp"
#include "evidence/pack_writer.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "summary/day_summary.hpp"

namespace vigie::app {
namespace {

constexpr const char* kExportUsage =
    "usage: vigie audit export --config FILE --from DATE --to DATE [--site S] --out DIR\n"
    "\n"
    "Writes an audit pack of the evidence whose time falls in the site's civil days\n"
    "DATE..DATE (YYYY-MM-DD, both included) into DIR, which must be new or empty.\n"
    "It only reads the store: every entry is proven against the newest checkpoint the\n"
    "gateway signed and stored; entries of the period appended after it are left out\n"
    "and counted in the pack (export again after the next checkpoint). Agents' daily\n"
    "summaries missing from the ledger are computed into the pack, marked as such.\n";
constexpr const char* kVerifyUsage =
    "usage: vigie audit verify DIR [--key FINGERPRINT] [--witness VKEY]...\n"
    "\n"
    "Checks a pack with nothing but the pack: exit 0 only if every entry, proof,\n"
    "signature and file hash holds and every table and the report are what the proven\n"
    "entries give; otherwise exit 1 and name each failure by file and line.\n"
    "--key: the key fingerprint you trust (SHA256: and 64 hex digits, any case), from\n"
    "the site or from a checkpoint it published. Without it, verify proves only that\n"
    "the pack is consistent with its own key, and prints that key's fingerprint.\n"
    "--witness: a witness's verifier key (from `vigie witness key`), repeatable: the\n"
    "pack's checkpoint must carry a valid cosignature by each one (C2SP\n"
    "tlog-cosignature), proof that a party other than the site saw this log grow only\n"
    "by appending. Without it, verify names the cosignatures the pack carries, unverified.\n";
constexpr const char* kAuditUsage =
    "usage: vigie audit export --config FILE --from DATE --to DATE [--site S] --out DIR\n"
    "       vigie audit verify DIR [--key FINGERPRINT] [--witness VKEY]...\n"
    "       vigie audit export|verify --help\n";

constexpr Usage kUsage{"vigie audit", kAuditUsage};
constexpr Usage kExport{"vigie audit", kExportUsage};
constexpr Usage kVerify{"vigie audit", kVerifyUsage};

int export_pack(const std::vector<std::string>& args) {
  if (asks_for_help(args)) return kExport.help();
  const auto options = read_options(args, {"--config", "--from", "--to", "--site", "--out"});
  if (options.unexpected) return kExport.unexpected(*options.unexpected);
  const auto config_path = options["--config"], from_text = options["--from"],
             to_text = options["--to"], site = options["--site"], out = options["--out"];
  if (config_path.empty() || from_text.empty() || to_text.empty() || out.empty())
    return kExport.error("export needs --config, --from, --to and --out");
  const auto from_date = engine::parse_civil_date(from_text),
             to_date = engine::parse_civil_date(to_text);
  if (!from_date) return kExport.error("--from: not a date (YYYY-MM-DD): '" + from_text + "'");
  if (!to_date) return kExport.error("--to: not a date (YYYY-MM-DD): '" + to_text + "'");
  if (*to_date < *from_date) return kExport.error("--to is before --from");

  const auto loaded = load_or_say("vigie", load_config, config_path);
  if (!loaded) return 2;
  const Config& config = *loaded;
  if (!site.empty() && site != config.site)
    return kExport.error("--site " + site + ": this configuration is for site " + config.site);
  // An export reads: it creates no store, no key, no pseudonym key.
  for (const auto& [file, what] :
       {std::pair{config.store.path, "store"}, std::pair{config.evidence.key_file, "signing key"},
        std::pair{config.evidence.pseudonym_key_file, "pseudonym key"}})
    if (!std::filesystem::exists(file)) {
      std::cerr << "vigie audit export: " << file.string() << ": no " << what
                << " there; has the gateway run with this configuration?\n";
      return 2;
    }
  try {
    const auto zone = engine::TimeZone::load(config.timezone);
    store::Database db(config.store.path, {config.store.synchronous, true});
    if (store::schema_version(db) != store::latest_schema_version()) {
      std::cerr << "vigie audit export: " << config.store.path.string() << ": schema version "
                << store::schema_version(db) << ", this vigie reads "
                << store::latest_schema_version()
                << "; start the gateway once to bring the store up to date\n";
      return 1;
    }
    custody::PseudonymKey pseudonym_key(config.evidence.pseudonym_key_file);
    // The agents' daily summaries of the period's complete days that the
    // gateway has not written (it does so an hour after each day ends, for
    // the last week): computed into the pack, not appended.
    const auto engine = engine_options(config);
    const summary::DaySummaryInput days{
        &engine.zone, &engine.referentiel,
        [&](const std::string& id) { return pseudonym_key.pseudonym(id); }};
    std::vector<evidence::ComputedDay> computed;
    const auto last_day = std::min(*to_date, summary::last_complete_day(engine.zone, wall_now()));
    // Per-agent evidence only once governance allows it, as in the gateway.
    if (config.governance.complete() && !(last_day < *from_date))
      for (auto& d : summary::unrecorded_day_summaries(db, days, *from_date, last_day))
        computed.push_back({d.at, std::move(d.summary)});
    const auto key = evidence::SigningKey::load_or_create(
        config.evidence.key_file, evidence::ledger_origin(config.site, config.gateway_id));
    evidence::PackRequest request{config.site,
                                  evidence::ledger_origin(config.site, config.gateway_id),
                                  config.timezone,
                                  zone.start_of_day(*from_date),
                                  zone.start_of_day(engine::add_days(*to_date, 1)),
                                  out,
                                  std::move(computed)};
    const auto computed_days = request.computed_days.size();
    const auto summary = evidence::write_pack(db, key, request, wall_now());
    std::cout << "audit pack " << out << ": " << summary.entries << " entries of " << from_text
              << ".." << to_text << " (" << config.timezone
              << "), proven against the newest stored checkpoint, of " << summary.tree_size
              << " entries, key " << evidence::fingerprint(key.public_key()) << "\n";
    if (summary.uncovered > 0)
      std::cout << "note: " << summary.uncovered
                << " entries of the period were appended after that checkpoint and are not in "
                   "the pack; export again after the gateway's next checkpoint\n";
    if (computed_days > 0)
      std::cout << "note: " << computed_days
                << " daily summaries missing from the ledger were computed into the pack "
                   "(days-computed.jsonl): signed by the manifest, not proven by the log\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "vigie audit export: " << e.what() << "\n";
    return 1;
  }
}

int verify_pack(const std::vector<std::string>& args) {
  if (asks_for_help(args)) return kVerify.help();
  std::string dir;
  std::optional<std::string> key;
  std::vector<evidence::Verifier> witnesses;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--witness" && i + 1 < args.size()) {
      std::string why;
      auto w = evidence::Verifier::parse(args[++i], &why, evidence::kCosignatureV1);
      if (!w)
        return kVerify.error("--witness: not a witness's verifier key: " + why + ": '" + args[i] +
                             "'");
      witnesses.push_back(std::move(*w));
    } else if (args[i] == "--key" && i + 1 < args.size()) {
      key = evidence::parse_fingerprint(args[++i]);
      if (!key)
        return kVerify.error("--key: not a fingerprint (SHA256: and 64 hex digits): '" + args[i] +
                             "'");
    } else if (dir.empty() && args[i].rfind("--", 0) != 0) {
      dir = args[i];
    } else {
      return kVerify.error("unexpected argument '" + args[i] + "'");
    }
  }
  if (dir.empty()) return kVerify.error("verify needs the pack's directory");
  if (!std::filesystem::is_directory(dir)) return kVerify.error(dir + ": not a directory");
  const auto result = evidence::verify_pack(dir, key, witnesses);
  for (const auto& f : result.failures) std::cout << "FAIL " << f << "\n";
  if (!result.ok()) {
    std::cout << "audit pack " << dir << ": " << result.failures.size()
              << " failure(s); do not rely on it\n";
    return 1;
  }
  std::cout << "audit pack " << dir << ": OK, " << result.entries
            << " entries proven against a signed checkpoint of " << result.tree_size
            << " entries, key " << result.fingerprint << "\n";
  if (result.uncovered > 0)
    std::cout << "note: " << result.uncovered
              << " entries of the period came after that checkpoint and are not in this pack\n";
  if (result.computed_days > 0)
    std::cout << "note: " << result.computed_days
              << " daily summaries were computed at export: signed by the key, not proven by "
                 "the log\n";
  for (const auto& name : result.witnessed_by)
    std::cout << "witnessed: the checkpoint carries a valid cosignature by " << name << "\n";
  if (witnesses.empty()) {
    std::cout << "cosignatures: " << result.cosigners.size() << " carried";
    for (std::size_t i = 0; i < result.cosigners.size(); ++i)
      std::cout << (i == 0 ? " (" : ", ") << result.cosigners[i];
    std::cout << (result.cosigners.empty() ? "" : ")")
              << ", unverified: give --witness VKEY for each witness you trust\n";
  }
  if (!key)
    std::cout << "self-consistency only: no --key given, so this proves the pack agrees with "
                 "its own key, not that the key is the site's; compare "
              << result.fingerprint << " with the site's, or verify again with --key\n";
  return 0;
}

}  // namespace

int audit_command(const std::vector<std::string>& args) {
  if (args.empty()) return kUsage.error("export or verify?");
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") return kUsage.help();
  if (!sodium_ready()) return 1;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "export") return export_pack(rest);
  if (args[0] == "verify") return verify_pack(rest);
  return kUsage.error("unknown audit command '" + args[0] + "'");
}

}  // namespace vigie::app
