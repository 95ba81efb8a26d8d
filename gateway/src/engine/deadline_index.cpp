#include "engine/deadline_index.hpp"

namespace vigie::engine {

void DeadlineIndex::schedule(std::uint32_t handle, const std::string& node, TimestampMs at) {
  if (entries_.size() <= handle) entries_.resize(handle + 1);
  Entry& e = entries_[handle];
  if (e.node == node && e.at == at) return;
  if (e.at != kNever) by_node_[e.node].erase({e.at, handle});
  e.node = node;
  e.at = at;
  if (at != kNever) by_node_[node].insert({at, handle});
}

std::optional<std::uint32_t> DeadlineIndex::pop_due(const std::string& node, TimestampMs clock) {
  auto it = by_node_.find(node);
  if (it == by_node_.end() || it->second.empty()) return std::nullopt;
  auto first = it->second.begin();
  if (first->first > clock) return std::nullopt;
  const std::uint32_t handle = first->second;
  it->second.erase(first);
  entries_[handle].at = kNever;
  return handle;
}

std::size_t DeadlineIndex::size() const {
  std::size_t n = 0;
  for (const auto& [node, set] : by_node_) n += set.size();
  return n;
}

}  // namespace vigie::engine
