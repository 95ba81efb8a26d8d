// `vigie token new --name N --role R`: a new API token, printed once, with the
// line that declares it in a gateway's configuration (only its SHA-256 is kept).
#include <sodium.h>

#include <iostream>

#include "api/token_hash.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "config/config.hpp"
#include "domain/event.hpp"

namespace vigie::app {
namespace {

constexpr const char* kTokenUsage =
    "usage: vigie token new --name NAME --role ROLE\n"
    "\n"
    "new  makes a random token (256 bits, 64 hex digits) and prints it once,\n"
    "     then the line to paste under tokens: in the gateway's configuration\n"
    "     (docs/configuration.md): the token's name, its role and its SHA-256,\n"
    "     which is all the gateway keeps. NAME: 1-64 chars of [A-Za-z0-9._-];\n"
    "     ROLE: manager, auditor, admin or cse. Restart the gateway to take it in.\n";

constexpr Usage kUsage{"vigie token", kTokenUsage};

}  // namespace

int token_command(const std::vector<std::string>& args) {
  if (asks_for_help(args)) return kUsage.help();
  if (args.empty()) return kUsage.error("a subcommand is required (new)");
  if (args.front() != "new") return kUsage.error("unknown subcommand '" + args.front() + "'");
  const auto options = read_options(args, {"--name", "--role"}, 1);
  if (const auto& a = options.unexpected)
    return *a == "--name" || *a == "--role" ? kUsage.error(*a + " needs a value")
                                            : kUsage.unexpected(*a);
  std::optional<std::string> name, role_text;
  if (options.values.count("--name")) name = options["--name"];
  if (options.values.count("--role")) role_text = options["--role"];
  if (!name) return kUsage.error("--name is required");
  if (!role_text) return kUsage.error("--role is required");
  if (!is_valid_id(*name)) return kUsage.error("--name must be 1-64 chars of [A-Za-z0-9._-]");
  const auto role = role_from_string(*role_text);
  if (!role) return kUsage.error("--role must be " + role_names() + ", got '" + *role_text + "'");
  if (sodium_init() < 0) {
    std::cerr << "vigie token: the random generator (libsodium) cannot start\n";
    return 1;
  }
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  sodium_memzero(raw, sizeof raw);
  const std::string token(hex);
  sodium_memzero(hex, sizeof hex);
  std::cout << "# token " << *name << " (" << to_string(*role)
            << "), shown this once; the gateway keeps only its SHA-256:\n"
            << token << "\n"
            << "# under tokens: in the gateway's configuration:\n"
            << "  - {name: " << *name << ", role: " << to_string(*role) << ", sha256: \""
            << api::token_sha256_hex(token) << "\"}\n";
  return 0;
}

}  // namespace vigie::app
