// Hands on, in seq order, what one advance of a sequence's contiguity passed
// over: the stored events, a GapLost where a hole was given up, and the
// node's watermark where it is reached. The live ingestor and the rebuild
// after a restart both feed the engine through it, so both see one order.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "ingest/committed.hpp"
#include "ingest/sequence.hpp"

namespace vigie::ingest {

// The stored events of a sequence with FIRST <= seq <= LAST, in seq order.
using FetchEvents =
    std::function<std::vector<Event>(const NodeEpoch&, std::uint64_t first, std::uint64_t last)>;

struct Passage {
  NodeEpoch source;
  std::uint64_t from = 0;              // contiguity before: seqs (from, to] were passed over
  std::uint64_t to = 0;                // contiguity after
  std::vector<OpenGap> lost;           // holes given up in that range
  std::optional<Watermark> watermark;  // reached now: handed on after its seq
  // The events at hand (this message's), when they are all the range holds
  // besides lost and consumed seqs; otherwise the range is fetched.
  const std::vector<Event>* at_hand = nullptr;
};

void pass_on(const Passage& p, const FetchEvents& fetch, std::vector<CommittedItem>& out);

}  // namespace vigie::ingest
