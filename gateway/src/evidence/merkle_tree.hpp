// The same RFC 9162 tree as merkle.hpp, for many proofs over one set of
// leaves: every perfect, aligned subtree is hashed once (O(n) in all), so a
// proof costs O(log² n) hashes instead of O(n). An audit pack proves every
// entry of a period: with the free functions that was quadratic.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "evidence/merkle.hpp"

namespace vigie::evidence {

class MerkleTree {
 public:
  explicit MerkleTree(std::span<const Hash> leaf_hashes);

  std::uint64_t size() const { return levels_.front().size(); }
  Hash root() const;
  // As inclusion_proof() and consistency_proof() of merkle.hpp, equal results.
  std::vector<Hash> inclusion_proof(std::uint64_t index) const;
  std::vector<Hash> consistency_proof(std::uint64_t old_size) const;
  // The range proof of the run of leaves [begin, end) (merkle_range.hpp, docs/audit-pack.md):
  // the roots of the largest subtrees outside the run, left to right. Empty unless
  // begin < end <= size().
  std::vector<Hash> range_proof(std::uint64_t begin, std::uint64_t end) const;

 private:
  // MTH(D[start : start + n]), n >= 1.
  Hash subtree(std::uint64_t start, std::uint64_t n) const;
  void range_nodes(std::uint64_t start, std::uint64_t n, std::uint64_t begin, std::uint64_t end,
                   std::vector<Hash>& out) const;

  // levels_[h][i]: root of leaves [i * 2^h, (i + 1) * 2^h).
  std::vector<std::vector<Hash>> levels_;
};

// Checks many inclusion proofs against one signed tree, as verify_inclusion()
// does, but stops hashing a proof at the first node an earlier proof already
// took to the root: entries of one period share most of their paths, so a
// pack's proofs cost about two hashes each instead of log2(n). A node is
// remembered only once its whole proof has held. The proof's length must be
// the path's, as for verify_inclusion().
class InclusionChecker {
 public:
  InclusionChecker(std::uint64_t tree_size, const Hash& root) : size_(tree_size), root_(root) {}
  bool check(const Hash& leaf_hash, std::uint64_t index, std::span<const Hash> proof);

 private:
  std::uint64_t size_;
  Hash root_;
  // (level << 58 | position) -> hash, as RFC 9162's verification walks the tree.
  std::unordered_map<std::uint64_t, Hash> proven_;
};

}  // namespace vigie::evidence
