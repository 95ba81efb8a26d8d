// vigie-node's command line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/event.hpp"
#include "core/node_session.hpp"

namespace vigie::posix {

// Where the node's watermarks come from (contract sec. 3.4).
enum class WatermarkSource {
  input,  // only {"until":T} lines on stdin
  clock,  // every tick, the node's clock minus `lateness_ms`
  off     // never: the gateway keeps its silence rule for this node
};

// Where events come from.
enum class SourceKind {
  stdin_lines,         // contract events, one JSON object a line (the default)
  asterisk_queue_log,  // --source asterisk-queue-log PATH
  mapped,              // --source mapped PATH --map FILE (another ACD's records)
  schedule,            // --source schedule PATH (a WFM export, CSV or iCalendar)
};

// A centre's own file, read by a source (firmware/sources).
struct SourceOptions {
  SourceKind kind = SourceKind::stdin_lines;
  std::string path;
  bool follow = true;      // false (--no-follow): stop at the end of the file
  bool has_since = false;  // --since: a first start sends from then on
  std::int64_t since_ms = 0;
  std::string map;                    // --map FILE: how the records map (mapped)
  std::string zone = "Europe/Paris";  // --zone: times written without an offset
  std::string roster;                 // --roster FILE: member,agent[,team]
  std::string pause_reasons;          // --pause-reasons FILE: asterisk reason,contract reason
  std::string team;                   // --team: agents the roster gives no team
  std::int64_t wrapup_ms = 0;         // --wrapup S
  std::int64_t idle_logout_ms = 2 * 3600 * 1000;  // --idle-logout MIN (0: never)
};

struct NodeOptions {
  std::string broker;
  std::string site;
  std::string node;
  fw::NodeKind kind = fw::NodeKind::acd_bridge;
  std::string store;
  fw::SessionConfig session;
  std::uint32_t drain_timeout_s = 30;
  bool sync_each_event = false;
  WatermarkSource watermarks = WatermarkSource::input;
  std::uint32_t lateness_ms = 2000;  // --watermarks clock: how late a line may still come
  // Broker security: TLS files (ssl:// only) and credentials.
  std::string ca_file, cert_file, key_file;
  std::string username;
  std::string password_file;
  std::string password;  // read from password_file by load_node_secrets()
  SourceOptions source;
};

// "2025-12-01T08:00:00+01:00", "...Z", or ms since the epoch; false if neither.
bool parse_since(std::string_view text, std::int64_t& ms);

extern const char* const kNodeUsage;

enum class ParseOutcome { run, help, bad };

// On `bad`, `error` says what is wrong, naming the option.
ParseOutcome parse_node_options(int argc, char** argv, NodeOptions& out, std::string& error);

// Reads the password file and checks that every TLS file can be read, so a
// wrong path is bad usage at start-up, not a handshake failure forever after.
// False with `error` naming the option and the file.
bool load_node_secrets(NodeOptions& options, std::string& error);

}  // namespace vigie::posix
