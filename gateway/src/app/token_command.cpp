// `vigie token new --name N --role R`: a new API token, printed once, with the
// line that declares it in a gateway's configuration (only its SHA-256 is kept).
#include <sodium.h>

#include <iostream>

#include "api/token_hash.hpp"
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

int usage_error(const std::string& message) {
  std::cerr << "vigie token: " << message << "\n" << kTokenUsage;
  return 2;
}

}  // namespace

int token_command(const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      std::cout << kTokenUsage;
      return 0;
    }
  if (args.empty()) return usage_error("a subcommand is required (new)");
  if (args.front() != "new") return usage_error("unknown subcommand '" + args.front() + "'");
  std::optional<std::string> name, role_text;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& a = args[i];
    if ((a == "--name" || a == "--role") && i + 1 < args.size()) {
      (a == "--name" ? name : role_text) = args[++i];
    } else if (a == "--name" || a == "--role") {
      return usage_error(a + " needs a value");
    } else {
      return usage_error("unexpected argument '" + a + "'");
    }
  }
  if (!name) return usage_error("--name is required");
  if (!role_text) return usage_error("--role is required");
  if (!is_valid_id(*name)) return usage_error("--name must be 1-64 chars of [A-Za-z0-9._-]");
  const auto role = role_from_string(*role_text);
  if (!role) return usage_error("--role must be " + role_names() + ", got '" + *role_text + "'");
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
