#include "app/command_line.hpp"

#include <sodium.h>

#include <algorithm>
#include <iostream>

#include "api/tls_context.hpp"

namespace vigie::app {

int Usage::error(const std::string& what) const {
  std::cerr << command << ": " << what << "\n" << text;
  return 2;
}

int Usage::unexpected(const std::string& word) const {
  return error("unexpected argument '" + word + "'");
}

api::HttpServerOptions http_server_options(const HttpConfig& http) {
  api::HttpServerOptions options{.host = http.host, .port = http.port};
  if (http.tls) options.tls = api::make_server_tls_context(http.tls->cert_file, http.tls->key_file);
  return options;
}

bool sodium_ready() {
  if (sodium_init() >= 0) return true;
  std::cerr << "vigie: libsodium failed to initialise\n";
  return false;
}

int Usage::help() const {
  std::cout << text;
  return 0;
}

std::optional<int> refuse_check_operands(const Usage& usage, const std::vector<std::string>& args) {
  if (args.size() < 2) return usage.error("check: FILE is required");
  if (args.size() > 2) return usage.error("check: unexpected argument '" + args[2] + "'");
  if (args[1].starts_with("-")) return usage.error("check: unknown option '" + args[1] + "'");
  return std::nullopt;
}

bool asks_for_help(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(),
                     [](const std::string& a) { return a == "--help" || a == "-h"; });
}

std::string Options::operator[](std::string_view name) const {
  const auto it = values.find(name);
  return it == values.end() ? std::string() : it->second;
}

Options read_options(const std::vector<std::string>& args,
                     std::initializer_list<std::string_view> names, std::size_t first) {
  Options o;
  for (std::size_t i = first; i < args.size(); ++i) {
    const bool known = std::find(names.begin(), names.end(), args[i]) != names.end();
    if (!known || i + 1 >= args.size()) {
      o.unexpected = args[i];
      break;
    }
    o.values[args[i]] = args[i + 1];
    ++i;
  }
  return o;
}

void say_config_error(std::string_view who, const ConfigError& e) {
  std::cerr << who << ": configuration error: " << e.what() << "\n";
}

}  // namespace vigie::app
