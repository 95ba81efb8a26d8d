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
  std::cerr << "vigie: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
