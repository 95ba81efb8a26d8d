// `vigie report self-assessment` (issue 19): the French self-assessment report of a period,
// from the evidence ledger brought up to date and a checkpoint signed for it.
#include <sodium.h>

#include <fstream>
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/engine_setup.hpp"
#include "config/config.hpp"
#include "custody/ledger_catch_up.hpp"
#include "domain/wall_now.hpp"
#include "evidence/checkpointer.hpp"
#include "report/self_assessment_html.hpp"
#include "store/schema.hpp"

namespace vigie::app {
namespace {

constexpr const char* kReportUsage =
    "usage: vigie report self-assessment --config FILE --from DATE --to DATE [--out FILE]\n"
    "\n"
    "Writes the self-assessment report of the site's civil days DATE..DATE (YYYY-MM-DD, both\n"
    "included) as one French HTML page (to FILE, or to standard output): for each criterion of\n"
    "the profile in force, the share of agents' days that held, the trend, where breaches\n"
    "happen most, what the rule requires and where it is written, what an auditor will ask\n"
    "to see; the data's completeness; and the signed checkpoint the figures come from.\n"
    "Print it or save it as PDF from a browser.\n";

constexpr Usage kUsage{"vigie report", kReportUsage};

int self_assessment(const std::vector<std::string>& args) {
  if (asks_for_help(args)) return kUsage.help();
  const auto options = read_options(args, {"--config", "--from", "--to", "--out"});
  if (options.unexpected) return kUsage.unexpected(*options.unexpected);
  const auto config_path = options["--config"], from_text = options["--from"],
             to_text = options["--to"], out = options["--out"];
  if (config_path.empty() || from_text.empty() || to_text.empty())
    return kUsage.error("self-assessment needs --config, --from and --to");
  const auto from = engine::parse_civil_date(from_text), to = engine::parse_civil_date(to_text);
  if (!from) return kUsage.error("--from: not a date (YYYY-MM-DD)");
  if (!to) return kUsage.error("--to: not a date (YYYY-MM-DD)");
  if (*to < *from) return kUsage.error("--to is before --from");

  const auto loaded = load_or_say("vigie", load_config, config_path);
  if (!loaded) return 2;
  const Config& config = *loaded;
  try {
    const auto engine = engine_options(config);
    store::Database db(config.store.path, {config.store.synchronous, false});
    store::migrate(db);
    custody::catch_up_ledger(db, config, engine, *from, *to, wall_now());
    const auto origin = evidence::ledger_origin(config.site, config.gateway_id);
    const auto key = evidence::SigningKey::load_or_create(config.evidence.key_file, origin);
    // A checkpoint over the ledger as it now stands, so it covers every day read.
    evidence::Checkpointer(db, key, origin).checkpoint(wall_now());
    const auto assessment = report::assess(
        db, {config.site, config.timezone, from_text, to_text, engine.zone.start_of_day(*from),
             engine.zone.start_of_day(engine::add_days(*to, 1)), &engine.referentiel, &key});
    const auto page = report::self_assessment_html(assessment);
    if (out.empty()) {
      std::cout << page;
    } else {
      std::ofstream file(out, std::ios::binary | std::ios::trunc);
      file << page;
      if (!file.flush()) {
        std::cerr << "vigie report: cannot write " << out << "\n";
        return 1;
      }
      std::cerr << "self-assessment " << out << ": " << assessment.agent_days << " agents' days of "
                << from_text << ".." << to_text << ", checkpoint "
                << (assessment.checkpoint && assessment.checkpoint->verified ? "verified"
                                                                             : "NOT verified")
                << "\n";
    }
    return assessment.checkpoint && !assessment.checkpoint->verified ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "vigie report self-assessment: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int report_command(const std::vector<std::string>& args) {
  if (args.empty()) return kUsage.error("which report? self-assessment");
  if (args[0] == "--help" || args[0] == "-h") return kUsage.help();
  if (!sodium_ready()) return 1;
  if (args[0] == "self-assessment")
    return self_assessment(std::vector<std::string>(args.begin() + 1, args.end()));
  return kUsage.error("unknown report '" + args[0] + "'");
}

}  // namespace vigie::app
