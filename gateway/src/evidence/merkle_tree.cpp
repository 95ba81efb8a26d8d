#include "evidence/merkle_tree.hpp"

#include <algorithm>
#include <bit>

namespace vigie::evidence {
namespace {

// RFC 9162's k: the largest power of two smaller than n (n >= 2).
std::uint64_t split_point(std::uint64_t n) {
  return std::bit_floor(n - 1);
}

}  // namespace

MerkleTree::MerkleTree(std::span<const Hash> leaf_hashes) {
  levels_.emplace_back(leaf_hashes.begin(), leaf_hashes.end());
  while (levels_.back().size() >= 2) {
    const auto& below = levels_.back();
    std::vector<Hash> up;
    up.reserve(below.size() / 2);
    for (std::size_t i = 0; i + 1 < below.size(); i += 2)
      up.push_back(node_hash(below[i], below[i + 1]));
    levels_.push_back(std::move(up));
  }
}

Hash MerkleTree::subtree(std::uint64_t start, std::uint64_t n) const {
  // The recursion only ever asks for a left part that is a perfect subtree
  // aligned on its size; a right part may be ragged and is split again.
  if (std::has_single_bit(n) && start % n == 0)
    return levels_[static_cast<std::size_t>(std::countr_zero(n))][start / n];
  const std::uint64_t k = split_point(n);
  return node_hash(subtree(start, k), subtree(start + k, n - k));
}

Hash MerkleTree::root() const {
  if (size() == 0) return sha256({});
  return subtree(0, size());
}

std::vector<Hash> MerkleTree::inclusion_proof(std::uint64_t index) const {
  std::vector<Hash> proof;
  if (index >= size()) return proof;
  std::uint64_t start = 0, n = size(), m = index;
  while (n > 1) {
    const std::uint64_t k = split_point(n);
    if (m < k) {
      proof.push_back(subtree(start + k, n - k));
      n = k;
    } else {
      proof.push_back(subtree(start, k));
      start += k;
      n -= k;
      m -= k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

std::vector<Hash> MerkleTree::consistency_proof(std::uint64_t old_size) const {
  std::vector<Hash> proof;
  if (old_size == 0 || old_size >= size()) return proof;
  std::uint64_t start = 0, n = size(), m = old_size;
  bool complete = true;
  while (m != n) {
    const std::uint64_t k = split_point(n);
    if (m <= k) {
      proof.push_back(subtree(start + k, n - k));
      n = k;
    } else {
      proof.push_back(subtree(start, k));
      start += k;
      n -= k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) proof.push_back(subtree(start, n));
  std::reverse(proof.begin(), proof.end());
  return proof;
}

std::vector<Hash> MerkleTree::range_proof(std::uint64_t begin, std::uint64_t end) const {
  std::vector<Hash> proof;
  if (begin < end && end <= size()) range_nodes(0, size(), begin, end, proof);
  return proof;
}

void MerkleTree::range_nodes(std::uint64_t start, std::uint64_t n, std::uint64_t begin,
                             std::uint64_t end, std::vector<Hash>& out) const {
  if (start + n <= begin || end <= start) {  // wholly outside the run: one node
    out.push_back(subtree(start, n));
    return;
  }
  if (begin <= start && start + n <= end) return;  // wholly inside: the verifier hashes it
  const std::uint64_t k = split_point(n);
  range_nodes(start, k, begin, end, out);
  range_nodes(start + k, n - k, begin, end, out);
}

bool InclusionChecker::check(const Hash& leaf_hash, std::uint64_t index,
                             std::span<const Hash> proof) {
  if (index >= size_ || size_ >= (std::uint64_t{1} << 58)) return false;
  // The path's length, walked as the hashing below walks it.
  std::size_t length = 0;
  for (std::uint64_t fn = index, sn = size_ - 1; sn != 0; ++length) {
    if ((fn & 1) != 0 || fn == sn)
      while ((fn & 1) == 0 && fn != 0) fn >>= 1, sn >>= 1;
    fn >>= 1;
    sn >>= 1;
  }
  if (proof.size() != length) return false;

  std::uint64_t fn = index, sn = size_ - 1, level = 0;
  Hash r = leaf_hash;
  std::vector<std::pair<std::uint64_t, Hash>> trail;
  auto remember = [&] {
    for (auto& [key, hash] : trail) proven_.emplace(key, hash);
  };
  for (const Hash& p : proof) {
    if ((fn & 1) != 0 || fn == sn) {
      r = node_hash(p, r);
      while ((fn & 1) == 0 && fn != 0) fn >>= 1, sn >>= 1, ++level;
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
    ++level;
    const std::uint64_t key = (level << 58) | fn;
    if (const auto it = proven_.find(key); it != proven_.end()) {
      if (it->second != r) return false;
      remember();
      return true;
    }
    trail.emplace_back(key, r);
  }
  if (r != root_) return false;
  remember();
  return true;
}

}  // namespace vigie::evidence
