// Runs a command line to its end, for tests of the command-line tools.
#pragma once

#include <string>

namespace vigie::testing {

struct CommandRun {
  int code;            // exit status, or -1 if it did not exit normally
  std::string output;  // stdout and stderr together
};

// Runs SHELL_COMMAND through the shell (stderr joined to stdout) and waits for it.
CommandRun run_command(const std::string& shell_command);

// Runs the vigie binary under test with ARGS.
CommandRun run_vigie(const std::string& args);

}  // namespace vigie::testing
