#include "engine/seq_ranges.hpp"

namespace vigie::engine {

void SeqRanges::add(std::uint64_t first, std::uint64_t last) {
  if (first > last) return;
  remove(first, last);
  ranges_[first] = last;
}

bool SeqRanges::contains(std::uint64_t seq) const {
  auto it = ranges_.upper_bound(seq);
  if (it == ranges_.begin()) return false;
  --it;
  return seq <= it->second;
}

bool SeqRanges::intersects(std::uint64_t first, std::uint64_t last) const {
  auto it = ranges_.upper_bound(last);
  if (it == ranges_.begin()) return false;
  --it;
  return it->second >= first;
}

bool SeqRanges::take(std::uint64_t seq) {
  if (!contains(seq)) return false;
  remove(seq, seq);
  return true;
}

void SeqRanges::remove(std::uint64_t first, std::uint64_t last) {
  if (first > last) return;
  auto it = ranges_.upper_bound(first);
  if (it != ranges_.begin()) --it;
  while (it != ranges_.end() && it->first <= last) {
    const std::uint64_t a = it->first, b = it->second;
    if (b < first) {
      ++it;
      continue;
    }
    it = ranges_.erase(it);
    if (a < first) ranges_[a] = first - 1;
    if (b > last) ranges_[last + 1] = b;
  }
}

std::optional<std::uint64_t> SeqRanges::min() const {
  if (ranges_.empty()) return std::nullopt;
  return ranges_.begin()->first;
}

}  // namespace vigie::engine
