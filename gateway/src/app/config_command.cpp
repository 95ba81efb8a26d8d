// `vigie config check FILE`: every error of a gateway's configuration file in
// file order (FILE:LINE: key: message), then the référentiel it names with its
// profile and overrides, without opening the store, the broker or a port.
#include <filesystem>
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/engine_setup.hpp"
#include "app/text_file.hpp"
#include "config/config.hpp"

namespace vigie::app {
namespace {

constexpr const char* kConfigUsage =
    "usage: vigie config check FILE\n"
    "\n"
    "check  reads a gateway's configuration file as `vigie gateway` would and\n"
    "       prints every error as FILE:LINE: key: message, in file order (the\n"
    "       first error of each section; a section with an error is set aside and\n"
    "       the others read on), then checks the referentiel it names, its\n"
    "       profile and the overrides. Opens nothing else: no store, no broker,\n"
    "       no port. Exit 0 valid, 1 the file has errors, 2 bad usage or\n"
    "       unreadable file. Keys: docs/configuration.md.\n";

constexpr Usage kUsage{"vigie config", kConfigUsage};

int check(const std::filesystem::path& file) {
  std::string text;
  if (const auto why = read_text(file, text)) {
    std::cerr << "vigie config: cannot read '" << file.string() << "': " << *why << "\n";
    return 2;
  }
  const auto base = std::filesystem::absolute(file).parent_path();
  const auto errors = check_config(text, file, base);
  for (const auto& e : errors) std::cout << e.what() << "\n";
  if (!errors.empty()) {
    std::cout << file.string() << ": " << errors.size()
              << (errors.size() == 1 ? " error" : " errors") << "\n";
    return 1;
  }
  const auto config = parse_config(text, file, base);
  try {
    engine_options(config);  // the référentiel, the profile, the overrides and the time zone
  } catch (const std::exception& e) {
    std::cout << e.what() << "\n" << file.string() << ": 1 error (in the referentiel it names)\n";
    return 1;
  }
  std::cout << file.string() << ": valid (site " << config.site << ", " << config.tokens.size()
            << (config.tokens.size() == 1 ? " token" : " tokens") << ", profile "
            << config.referentiel.profile << ")\n";
  return 0;
}

}  // namespace

int config_command(const std::vector<std::string>& args) {
  if (asks_for_help(args)) return kUsage.help();
  if (args.empty()) return kUsage.error("a subcommand is required (check)");
  if (args.front() != "check") return kUsage.error("unknown subcommand '" + args.front() + "'");
  if (const auto refused = refuse_check_operands(kUsage, args)) return *refused;
  return check(args[1]);
}

}  // namespace vigie::app
