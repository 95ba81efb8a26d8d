#include "evidence/merkle.hpp"

#include <algorithm>
#include <bit>
#include <string>

namespace vigie::evidence {

namespace {

using Leaves = std::span<const Hash>;

// RFC 9162's k: the largest power of two smaller than n (n >= 2). The left
// subtree of D[n] is always a perfect tree of k leaves.
std::size_t split_point(std::size_t n) {
  return std::bit_floor(n - 1);
}

// MTH of a non-empty tree. Each internal node is hashed once (O(n)) and the
// recursion depth is the tree height, about log2(n); subtrees are views, never copies.
Hash subtree_root(Leaves leaves) {
  if (leaves.size() == 1) return leaves[0];
  const std::size_t k = split_point(leaves.size());
  return node_hash(subtree_root(leaves.first(k)), subtree_root(leaves.subspan(k)));
}

}  // namespace

Hash leaf_hash(std::string_view entry) {
  return sha256({std::string_view("\x00", 1), entry});
}

Hash node_hash(const Hash& left, const Hash& right) {
  return sha256({std::string_view("\x01", 1), as_bytes(left), as_bytes(right)});
}

Hash tree_root(std::span<const Hash> leaf_hashes) {
  if (leaf_hashes.empty()) return sha256({});
  return subtree_root(leaf_hashes);
}

// PATH is defined recursively with the sibling appended after the sub-path, so
// walking down from the root yields the siblings root-side first; reverse at the end.
// The sibling subtrees along one path are disjoint, so the total work is O(n).
std::vector<Hash> inclusion_proof(std::span<const Hash> leaf_hashes, std::uint64_t index) {
  std::vector<Hash> proof;
  if (index >= leaf_hashes.size()) return proof;
  Leaves tree = leaf_hashes;
  std::size_t m = static_cast<std::size_t>(index);
  while (tree.size() > 1) {
    const std::size_t k = split_point(tree.size());
    if (m < k) {
      proof.push_back(subtree_root(tree.subspan(k)));
      tree = tree.first(k);
    } else {
      proof.push_back(subtree_root(tree.first(k)));
      tree = tree.subspan(k);
      m -= k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

// RFC 9162 sec. 2.1.3.2, step for step. fn is the leaf's position and sn the last
// position at the current level; an fn == sn node without a sibling on its right
// is carried up unchanged, which is what the inner shifting loop skips over.
bool verify_inclusion(const Hash& leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                      std::span<const Hash> proof, const Hash& root) {
  if (index >= tree_size) return false;
  std::uint64_t fn = index;
  std::uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return false;  // proof longer than the path
    if ((fn & 1) != 0 || fn == sn) {
      r = node_hash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

// SUBPROOF(m, D[n], b) unrolled: going down, each step appends one subtree root
// after the deeper part of the proof, so collect and reverse. `complete` is the
// RFC's b: it turns false once we step into a right subtree, after which the
// verifier cannot know the old root's node and it must be sent.
std::vector<Hash> consistency_proof(std::span<const Hash> leaf_hashes, std::uint64_t old_size) {
  std::vector<Hash> proof;
  if (old_size == 0 || old_size >= leaf_hashes.size()) return proof;
  Leaves tree = leaf_hashes;
  std::size_t m = static_cast<std::size_t>(old_size);
  bool complete = true;
  while (m != tree.size()) {
    const std::size_t k = split_point(tree.size());
    if (m <= k) {
      proof.push_back(subtree_root(tree.subspan(k)));
      tree = tree.first(k);
    } else {
      proof.push_back(subtree_root(tree.first(k)));
      tree = tree.subspan(k);
      m -= k;
      complete = false;
    }
  }
  if (!complete) proof.push_back(subtree_root(tree));
  std::reverse(proof.begin(), proof.end());
  return proof;
}

// RFC 9162 sec. 2.1.4.2, step for step. Step 2 ("prepend old_root when old_size is
// a power of two") is done by starting from old_root instead of copying the proof.
bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                        const Hash& new_root, std::span<const Hash> proof) {
  if (old_size > new_size) return false;
  if (old_size == 0) return proof.empty() && old_root == sha256({});
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (proof.empty()) return false;

  std::size_t next = 0;
  Hash fr;
  if (std::has_single_bit(old_size)) {
    fr = old_root;
  } else {
    fr = proof[0];
    next = 1;
  }
  Hash sr = fr;

  std::uint64_t fn = old_size - 1;
  std::uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  for (; next < proof.size(); ++next) {
    const Hash& c = proof[next];
    if (sn == 0) return false;  // proof longer than the path
    if ((fn & 1) != 0 || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

}  // namespace vigie::evidence
