// Where the simulated centre's events go: a line per event to stdout, a
// capture file for `vigie replay`, or the stdin of one vigie-node per node.
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "centre.hpp"

namespace vigie::sim {

class Feed {
 public:
  virtual ~Feed() = default;
  virtual bool write(const Emitted& e) = 0;
  // Flushes and ends the feed (node processes drain and exit).
  virtual void close() = 0;
};

// "NODE<TAB>{event}" per line.
std::unique_ptr<Feed> stdout_feed();

// A capture (contract.md sec. 4): MQTT messages as JSON lines, with births,
// online states and batches of up to 100 events or 1 s of event time per node.
std::unique_ptr<Feed> capture_feed(const std::string& path, const std::string& site,
                                   std::uint32_t seed);

struct NodeLaunch {
  std::string binary;  // vigie-node
  std::string broker_url;
  std::string site;
  std::string store_dir;
  std::string log_dir;
};
// One vigie-node process per node, fed on its stdin.
std::unique_ptr<Feed> node_process_feed(const NodeLaunch& launch,
                                        const std::vector<std::string>& nodes);

}  // namespace vigie::sim
