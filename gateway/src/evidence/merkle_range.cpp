#include "evidence/merkle_range.hpp"

#include <bit>

namespace vigie::evidence {
namespace {

// RFC 9162's k: the largest power of two smaller than n (n >= 2).
std::uint64_t split_point(std::uint64_t n) {
  return std::bit_floor(n - 1);
}

bool outside(std::uint64_t lo, std::uint64_t hi, std::uint64_t begin, std::uint64_t end) {
  return hi <= begin || end <= lo;
}

void list_subtrees(std::uint64_t lo, std::uint64_t hi, std::uint64_t begin, std::uint64_t end,
                   std::vector<std::pair<std::uint64_t, std::uint64_t>>& out) {
  if (outside(lo, hi, begin, end)) {
    out.emplace_back(lo, hi);
    return;
  }
  if (begin <= lo && hi <= end) return;
  const std::uint64_t k = split_point(hi - lo);
  list_subtrees(lo, lo + k, begin, end, out);
  list_subtrees(lo + k, hi, begin, end, out);
}

// The walk of RFC 9162 sec. 2.1.1's MTH over D[lo:hi], taking the root of a subtree
// outside the run from the proof and a leaf inside it from the source.
class RangeWalk {
 public:
  RangeWalk(std::uint64_t begin, std::uint64_t end, std::span<const Hash> proof,
            const LeafSource& next_leaf)
      : begin_(begin), end_(end), proof_(proof), next_leaf_(next_leaf) {}

  std::optional<Hash> root(std::uint64_t lo, std::uint64_t hi) {
    if (outside(lo, hi, begin_, end_)) {
      if (used_ == proof_.size()) return std::nullopt;
      return proof_[used_++];
    }
    if (hi - lo == 1) {
      auto leaf = next_leaf_();
      if (leaf) ++leaves_;
      return leaf;
    }
    const std::uint64_t k = split_point(hi - lo);
    const auto left = root(lo, lo + k);
    if (!left) return std::nullopt;
    const auto right = root(lo + k, hi);
    if (!right) return std::nullopt;
    return node_hash(*left, *right);
  }
  bool all_used() const { return used_ == proof_.size() && leaves_ == end_ - begin_; }

 private:
  std::uint64_t begin_, end_;
  std::span<const Hash> proof_;
  const LeafSource& next_leaf_;
  std::size_t used_ = 0;
  std::uint64_t leaves_ = 0;
};

}  // namespace

std::vector<std::pair<std::uint64_t, std::uint64_t>> range_proof_subtrees(std::uint64_t tree_size,
                                                                          std::uint64_t begin,
                                                                          std::uint64_t end) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  if (begin < end && end <= tree_size) list_subtrees(0, tree_size, begin, end, out);
  return out;
}

std::optional<Hash> range_root(std::uint64_t tree_size, std::uint64_t begin, std::uint64_t end,
                               std::span<const Hash> proof, const LeafSource& next_leaf) {
  if (!(begin < end && end <= tree_size)) return std::nullopt;
  RangeWalk walk(begin, end, proof, next_leaf);
  auto root = walk.root(0, tree_size);
  if (!root || !walk.all_used()) return std::nullopt;
  return root;
}

}  // namespace vigie::evidence
