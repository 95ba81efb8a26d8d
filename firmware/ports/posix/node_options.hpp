// vigie-node's command line.
#pragma once

#include <cstdint>
#include <string>

#include "core/event.hpp"
#include "core/node_session.hpp"

namespace vigie::posix {

struct NodeOptions {
  std::string broker;
  std::string site;
  std::string node;
  fw::NodeKind kind = fw::NodeKind::acd_bridge;
  std::string store;
  fw::SessionConfig session;
  std::uint32_t drain_timeout_s = 30;
  bool sync_each_event = false;
};

extern const char* const kNodeUsage;

enum class ParseOutcome { run, help, bad };

// On `bad`, `error` says what is wrong, naming the option.
ParseOutcome parse_node_options(int argc, char** argv, NodeOptions& out, std::string& error);

}  // namespace vigie::posix
