// Where the simulated centre's events go: a line per event to stdout, a
// capture file for `vigie replay`, or the stdin of one vigie-node per node.
//
// Every feed is told how far sim time has come (advance), and a write also
// moves it to the event's ts. The centre hands events over in ts order, so at
// time T every event before T has been written: each feed can then vouch for T
// per node (a watermark, contract sec. 3.4) and send what a node would have
// sent by T.
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "centre.hpp"

namespace vigie::sim {

// How often each node is told that its past is complete, in sim time.
constexpr Ms kWatermarkEvery = 10'000;

class Feed {
 public:
  virtual ~Feed() = default;
  // Sim time has reached NOW: every event before NOW has been written. An
  // earlier NOW than before changes nothing.
  virtual bool advance(Ms now) = 0;
  // One event; sim time first moves to its ts.
  virtual bool write(const Emitted& e) = 0;
  // Flushes and ends the feed (node processes drain and exit).
  virtual void close() = 0;
};

// "NODE<TAB>{event}" per line, and "NODE<TAB>{"until":T}" for each node every
// kWatermarkEvery of sim time.
std::unique_ptr<Feed> stdout_feed(const std::vector<std::string>& nodes);

// A capture (contract.md sec. 4): MQTT messages as JSON lines, each with "at",
// the sim time it reaches the gateway, never decreasing. Births and online
// states come at a node's first event; batches leave as vigie-node sends them
// (100 events, or when the first is 1 s old in event time); a node with
// nothing pending sends an empty batch with "until" every kWatermarkEvery.
std::unique_ptr<Feed> capture_feed(const std::string& path, const std::string& site,
                                   std::uint32_t seed);

struct NodeLaunch {
  std::string binary;  // vigie-node
  std::string broker_url;
  std::string site;
  std::string store_dir;
  std::string log_dir;
};
// One vigie-node process per node (--watermarks input), fed on its stdin with
// event lines and, every kWatermarkEvery of sim time, {"until":T}.
std::unique_ptr<Feed> node_process_feed(const NodeLaunch& launch,
                                        const std::vector<std::string>& nodes);

}  // namespace vigie::sim
