// What the subcommands share in reading their words: the usage shown on
// --help (exit 0) and with a usage error (exit 2), options that take a value
// ("--config FILE"), and the configuration loaded or refused (exit 2).
#pragma once

#include <boost/asio/io_context.hpp>
#include <initializer_list>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_server.hpp"
#include "config/config.hpp"

namespace vigie::app {

void say_config_error(std::string_view who, const ConfigError& e);

struct Usage {
  std::string_view command;  // "vigie backup"
  std::string_view text;
  // "COMMAND: WHAT" and the usage on stderr; returns 2.
  int error(const std::string& what) const;
  // "unexpected argument 'WORD'" as error() says it.
  int unexpected(const std::string& word) const;
  // The usage on stdout; returns 0.
  int help() const;
};

// The HTTP server HTTP describes (host, port, TLS files); throws when the TLS files do not
// make a context.
api::HttpServerOptions http_server_options(const HttpConfig& http);

// Serves HTTP with HANDLER until SIGTERM or SIGINT, ANNOUNCE(port) once it listens. 1 when
// it cannot serve (said as "WHO: why"), else 0 once "WHO: stopped" is said.
template <class Handler, class Announce>
int serve_http(std::string_view who, const HttpConfig& config, Handler handler, Announce announce) {
  try {
    boost::asio::io_context io;
    api::HttpServer http(io, http_server_options(config), std::move(handler));
    http.start();
    announce(http.port());
    api::serve_until_signalled(io, http);
  } catch (const std::exception& e) {
    std::cerr << who << ": " << e.what() << "\n";
    return 1;
  }
  std::cerr << who << ": stopped" << std::endl;
  return 0;
}

// Whether libsodium started; when not, says so on stderr (the command then exits 1).
bool sodium_ready();

// ARGS as "check FILE": the usage error's exit code when they are not, else nullopt.
std::optional<int> refuse_check_operands(const Usage& usage, const std::vector<std::string>& args);

// Whether --help or -h stands among ARGS.
bool asks_for_help(const std::vector<std::string>& args);

// ARGS from FIRST on, read as options that each take the next word: the values given (the
// last one of an option given twice), or the first word that is no option with its value.
struct Options {
  std::map<std::string, std::string, std::less<>> values;
  std::optional<std::string> unexpected;
  // The value of NAME; empty when not given.
  std::string operator[](std::string_view name) const;
};
Options read_options(const std::vector<std::string>& args,
                     std::initializer_list<std::string_view> names, std::size_t first = 0);

// What LOAD reads from PATH (a configuration), or nullopt once its error is said on stderr
// as "WHO: configuration error: ..." (the command then exits 2).
template <class Load>
auto load_or_say(std::string_view who, Load load, const std::string& path)
    -> std::optional<decltype(load(path))> {
  try {
    return load(path);
  } catch (const ConfigError& e) {
    say_config_error(who, e);
    return std::nullopt;
  }
}

}  // namespace vigie::app
