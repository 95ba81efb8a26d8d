// Each subject's next deadline, filed under the node whose clock drives it,
// so that a clock tick touches only the subjects whose deadline it passes
// (no per-tick work over all agents).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/clock.hpp"

namespace vigie::engine {

class DeadlineIndex {
 public:
  // Files `handle` at `at` under `node`, replacing its previous entry; kNever unfiles it.
  void schedule(std::uint32_t handle, const std::string& node, TimestampMs at);
  // Unfiles and returns a subject whose deadline under `node` is at or before `clock`.
  std::optional<std::uint32_t> pop_due(const std::string& node, TimestampMs clock);
  std::size_t size() const;

 private:
  struct Entry {
    std::string node;
    TimestampMs at = kNever;
  };
  std::vector<Entry> entries_;  // by handle
  std::unordered_map<std::string, std::set<std::pair<TimestampMs, std::uint32_t>>> by_node_;
};

}  // namespace vigie::engine
