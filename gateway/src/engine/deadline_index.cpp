#include "engine/deadline_index.hpp"

#include <algorithm>

namespace vigie::engine {

bool DeadlineIndex::current(const Entry& e, std::uint32_t node) const {
  const Filed& f = filed_[e.handle];
  return f.node == node && f.at == e.at && f.version == e.version;
}

void DeadlineIndex::compact(std::uint32_t node) {
  auto& heap = heaps_[node];
  heap.erase(
      std::remove_if(heap.begin(), heap.end(), [&](const Entry& e) { return !current(e, node); }),
      heap.end());
  std::make_heap(heap.begin(), heap.end(), Later{});
}

void DeadlineIndex::schedule(std::uint32_t handle, std::uint32_t node, TimestampMs at) {
  if (filed_.size() <= handle) filed_.resize(handle + 1);
  Filed& f = filed_[handle];
  if (f.at != kNever && f.node == node && f.at == at) return;
  if (f.at != kNever) --live_;
  f.node = node;
  f.at = at;
  ++f.version;
  if (at == kNever) return;
  ++live_;
  if (heaps_.size() <= node) heaps_.resize(node + 1);
  auto& heap = heaps_[node];
  heap.push_back(Entry{at, handle, f.version});
  std::push_heap(heap.begin(), heap.end(), Later{});
  // Stale entries are bounded: beyond a few per live one, sweep them.
  if (heap.size() > 64 && heap.size() > 4 * live_) compact(node);
}

std::optional<std::uint32_t> DeadlineIndex::pop_due(std::uint32_t node, TimestampMs clock) {
  if (heaps_.size() <= node) return std::nullopt;
  auto& heap = heaps_[node];
  while (!heap.empty()) {
    const Entry top = heap.front();
    if (current(top, node) && top.at > clock) return std::nullopt;
    std::pop_heap(heap.begin(), heap.end(), Later{});
    heap.pop_back();
    if (!current(top, node)) continue;
    filed_[top.handle].at = kNever;
    --live_;
    return top.handle;
  }
  return std::nullopt;
}

}  // namespace vigie::engine
