// vigie-node's command line.
#pragma once

#include <cstdint>
#include <string>

#include "core/event.hpp"
#include "core/node_session.hpp"

namespace vigie::posix {

// Where the node's watermarks come from (contract sec. 3.4).
enum class WatermarkSource {
  input,  // only {"until":T} lines on stdin
  clock,  // every tick, the node's clock minus `lateness_ms`
  off     // never: the gateway keeps its silence rule for this node
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
};

extern const char* const kNodeUsage;

enum class ParseOutcome { run, help, bad };

// On `bad`, `error` says what is wrong, naming the option.
ParseOutcome parse_node_options(int argc, char** argv, NodeOptions& out, std::string& error);

// Reads the password file and checks that every TLS file can be read, so a
// wrong path is bad usage at start-up, not a handshake failure forever after.
// False with `error` naming the option and the file.
bool load_node_secrets(NodeOptions& options, std::string& error);

}  // namespace vigie::posix
