// What one message's commit added, in the order it happened, for whoever
// reasons on stored data (the référentiel engine). Delivered after the commit,
// on the thread that ingested the message.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "domain/event.hpp"
#include "ingest/sequence.hpp"

namespace vigie::ingest {

struct NodeBorn {
  NodeBirth birth;
};
struct NodeStateChanged {
  std::string node;
  NodeStateReport report;
};
// Comes before the Stored item of the event that revealed the hole.
struct GapOpened {
  NodeEpoch source;
  GapSpan span;
};
struct GapClosed {
  NodeEpoch source;
  std::uint64_t from_seq = 0;
  std::uint64_t to_seq = 0;
  bool lost = false;  // given up rather than filled
};
// A rejected event whose seq was readable: consumed, it opens no hole.
struct SeqConsumed {
  NodeEpoch source;
  std::uint64_t seq = 0;
};
struct Stored {
  NodeEpoch source;
  Event event;
};

using CommittedItem =
    std::variant<NodeBorn, NodeStateChanged, GapOpened, GapClosed, SeqConsumed, Stored>;

class CommittedListener {
 public:
  virtual ~CommittedListener() = default;
  virtual void on_committed(std::vector<CommittedItem> items) = 0;
};

}  // namespace vigie::ingest
