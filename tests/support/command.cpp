#include "command.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "gateway_process.hpp"

namespace vigie::testing {

CommandRun run_command(const std::string& shell_command) {
  FILE* p = popen((shell_command + " 2>&1").c_str(), "r");
  if (p == nullptr) return {-1, "popen failed: " + shell_command};
  std::string out;
  std::array<char, 4096> buf{};
  while (auto n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

CommandRun run_vigie(const std::string& args) {
  return run_command(vigie_binary() + " " + args);
}

}  // namespace vigie::testing
