// What ingest hands whoever reasons on stored data (the référentiel engine),
// after each commit and in the order it must be applied: each node's events in
// seq order, a hole only once it is given up (GapLost), a watermark only once
// every seq below it is held. Delivered after the commit, on the thread that
// ingested the message (docs/architecture.md, "Time and order").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/event.hpp"

namespace vigie::ingest {

struct NodeBorn {
  NodeBirth birth;
};
struct NodeStateChanged {
  std::string node;
  NodeStateReport report;
};
// The node's next event in seq order (stored; judged now).
struct Released {
  NodeEpoch source;
  Event event;
};
// A hole given up: its seqs will never be judged. Comes after the events
// before it and before those after it.
struct GapLost {
  NodeEpoch source;
  DataGap gap;
};
// Nothing else happened at the node before `until` (contract sec. 3.4): its
// clock may move there. Comes after every event it covers.
struct WatermarkReached {
  NodeEpoch source;
  TimestampMs until = 0;
};
// Whether events of the node wait for a hole: while they do, its data is
// incomplete and its clock must not be guessed from the wall clock.
struct Holding {
  std::string node;
  bool holding = false;
};

// A node was refused for going over its own quota (new agents): SYS-03.
struct NodeRefused {
  std::string node;
  std::uint64_t events = 0;  // refused in this commit
};

using CommittedItem = std::variant<NodeBorn, NodeStateChanged, Released, GapLost, WatermarkReached,
                                   Holding, NodeRefused>;

class CommittedListener {
 public:
  virtual ~CommittedListener() = default;
  virtual void on_committed(std::vector<CommittedItem> items) = 0;
};

}  // namespace vigie::ingest
