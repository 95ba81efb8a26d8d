// Subcommands of the `vigie` binary. Each returns the process exit code:
// 0 success, 1 the check found a problem, 2 bad usage or input.
#pragma once

#include <string>
#include <vector>

namespace vigie::app {

int gateway_command(const std::vector<std::string>& args);
int referentiel_command(const std::vector<std::string>& args);
int replay_command(const std::vector<std::string>& args);
int audit_command(const std::vector<std::string>& args);
int backup_command(const std::vector<std::string>& args);
int central_command(const std::vector<std::string>& args);
int config_command(const std::vector<std::string>& args);
int token_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int witness_command(const std::vector<std::string>& args);

}  // namespace vigie::app
