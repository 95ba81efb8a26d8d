// A set of sequence numbers kept as disjoint ranges: the seqs of a node's
// open gaps that have not arrived yet.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

namespace vigie::engine {

class SeqRanges {
 public:
  void add(std::uint64_t first, std::uint64_t last);
  // True if seq was in the set (and is now removed).
  bool take(std::uint64_t seq);
  void remove(std::uint64_t first, std::uint64_t last);
  bool contains(std::uint64_t seq) const;
  bool intersects(std::uint64_t first, std::uint64_t last) const;
  std::optional<std::uint64_t> min() const;
  bool empty() const { return ranges_.empty(); }
  void clear() { ranges_.clear(); }

 private:
  std::map<std::uint64_t, std::uint64_t> ranges_;  // first -> last, disjoint
};

}  // namespace vigie::engine
