// vigie: one binary, with subcommands (contract.md sec. 4).
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"

namespace {

constexpr const char* kUsage =
    "usage: vigie <command> [options]\n"
    "\n"
    "commands:\n"
    "  gateway --config FILE   run the daemon\n"
    "  replay --config FILE --input FILE [--output FILE]\n"
    "                          feed a capture through the pipeline in event time\n"
    "  config check FILE       every error of a configuration file, in file order\n"
    "  token new --name NAME --role ROLE\n"
    "                          a new API token and its line for the configuration\n"
    "  referentiel check FILE  validate a referentiel file (line and column per error)\n"
    "  referentiel kinds       list the criterion kinds and their parameters\n"
    "  audit export --config FILE --from DATE --to DATE [--site S] --out DIR\n"
    "                          write an audit pack of a period\n"
    "  audit verify DIR        check an audit pack offline\n"
    "  report self-assessment --config FILE --from DATE --to DATE [--out FILE]\n"
    "                          the French self-assessment report of a period (HTML)\n"
    "  backup --config FILE --out FILE\n"
    "                          copy the store online (SQLite backup API), checked\n"
    "  central migrate --conninfo CONNINFO\n"
    "                          create or upgrade the group's central PostgreSQL schema\n"
    "  central serve --config FILE\n"
    "                          the group's HTTP API and page over the central database\n"
    "  witness --config FILE   cosign the sites' checkpoints for a party other than the site\n"
    "  witness key --config FILE\n"
    "                          print the witness's verifier key\n"
    "  --version               print the version\n"
    "\n"
    "Run 'vigie <command> --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--version" || command == "version") {
    std::cout << "vigie " << VIGIE_VERSION << "\n";
    return 0;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "gateway") return vigie::app::gateway_command(args);
  if (command == "referentiel") return vigie::app::referentiel_command(args);
  if (command == "replay") return vigie::app::replay_command(args);
  if (command == "audit") return vigie::app::audit_command(args);
  if (command == "report") return vigie::app::report_command(args);
  if (command == "backup") return vigie::app::backup_command(args);
  if (command == "central") return vigie::app::central_command(args);
  if (command == "config") return vigie::app::config_command(args);
  if (command == "token") return vigie::app::token_command(args);
  if (command == "witness") return vigie::app::witness_command(args);
  std::cerr << "vigie: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
