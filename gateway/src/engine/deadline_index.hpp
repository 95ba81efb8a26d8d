// Each subject's next deadline, filed under the node whose clock drives it,
// so that a clock tick touches only the subjects whose deadline it passes
// (no per-tick work over all agents). One binary heap per node; a subject
// rescheduled leaves its old entry behind, skipped when it surfaces, so that
// rescheduling costs a push and never a search.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/clock.hpp"

namespace vigie::engine {

class DeadlineIndex {
 public:
  // Files `handle` at `at` under node `node`, replacing its previous entry; kNever unfiles it.
  void schedule(std::uint32_t handle, std::uint32_t node, TimestampMs at);
  // Unfiles and returns a subject whose deadline under `node` is at or before `clock`.
  std::optional<std::uint32_t> pop_due(std::uint32_t node, TimestampMs clock);
  // A time at or before the earliest deadline filed under `node` (kNever if none): the
  // heap's top, which may be a stale entry, hence "at or before".
  TimestampMs earliest(std::uint32_t node) const {
    return node < heaps_.size() && !heaps_[node].empty() ? heaps_[node].front().at : kNever;
  }
  std::size_t size() const { return live_; }

 private:
  struct Entry {
    TimestampMs at;
    std::uint32_t handle;
    std::uint32_t version;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.at != b.at ? a.at > b.at : a.handle > b.handle;
    }
  };
  struct Filed {
    std::uint32_t node = 0;
    TimestampMs at = kNever;
    std::uint32_t version = 0;
  };
  bool current(const Entry& e, std::uint32_t node) const;
  void compact(std::uint32_t node);

  std::vector<Filed> filed_;               // by handle
  std::vector<std::vector<Entry>> heaps_;  // by node
  std::size_t live_ = 0;
};

}  // namespace vigie::engine
