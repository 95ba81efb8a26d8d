// `vigie backup --config FILE --out FILE`: an online copy of the store, taken
// with SQLite's backup API while the gateway may be running.
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "config/config.hpp"
#include "store/backup.hpp"

namespace vigie::app {
namespace {

constexpr const char* kBackupUsage =
    "usage: vigie backup --config FILE --out FILE\n"
    "\n"
    "Copies the store named by the configuration to FILE while the gateway may be\n"
    "running: one consistent snapshot, checked with PRAGMA integrity_check, written\n"
    "to a temporary file and renamed to FILE only when sound. To restore, stop the\n"
    "gateway and put the copy in place of store.path.\n"
    "Exit: 0 written, 1 the copy failed, 2 bad usage or input.\n";

constexpr Usage kUsage{"vigie backup", kBackupUsage};

}  // namespace

int backup_command(const std::vector<std::string>& args) {
  if (asks_for_help(args)) return kUsage.help();
  const auto options = read_options(args, {"--config", "--out"});
  if (options.unexpected) return kUsage.unexpected(*options.unexpected);
  const auto config_path = options["--config"], out = options["--out"];
  if (config_path.empty() || out.empty()) return kUsage.error("backup needs --config and --out");
  const auto loaded = load_or_say("vigie", load_config, config_path);
  if (!loaded) return 2;
  const Config& config = *loaded;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(config.store.path, ec)) {
    std::cerr << "vigie backup: no store at " << config.store.path.string() << " (store.path of "
              << config_path << ")\n";
    return 2;
  }
  const std::filesystem::path target(out);
  const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(dir, ec) || std::filesystem::is_directory(target, ec)) {
    std::cerr << "vigie backup: cannot write " << out << ": "
              << (std::filesystem::is_directory(target, ec) ? "it is a directory"
                                                            : dir.string() + " is not a directory")
              << "\n";
    return 2;
  }
  try {
    const auto result = store::backup_store(config.store.path, target);
    std::cout << "backup " << out << ": " << result.events << " events, " << result.pages
              << " pages of " << config.store.path.string() << ", integrity ok\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "vigie backup: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace vigie::app
