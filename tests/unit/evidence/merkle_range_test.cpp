// Range proofs: MerkleTree::range_proof() lists exactly the roots, from MTH of
// RFC 9162 sec. 2.1.1 applied to slices of the leaves, of the nodes a brute
// force finds (every node of the tree that lies outside the run while its parent
// does not), and range_root() takes a run's leaves and that proof back to the
// tree's root, and to nothing else when a node, a leaf or the node count is wrong.
#include "evidence/merkle_range.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <string>

#include "evidence/merkle_tree.hpp"

namespace vigie::evidence {
namespace {

using Range = std::pair<std::uint64_t, std::uint64_t>;

std::vector<Hash> leaves(std::size_t n) {
  std::vector<Hash> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(leaf_hash("entry " + std::to_string(i)));
  return out;
}

// Every node of the tree over [lo, hi), with its parent's range: RFC 9162 sec. 2.1.1
// splits D[n] into D[0:k] and D[k:n], k the largest power of two smaller than n.
void nodes(std::uint64_t lo, std::uint64_t hi, Range parent,
           std::vector<std::pair<Range, Range>>& out) {
  out.push_back({{lo, hi}, parent});
  if (hi - lo < 2) return;
  std::uint64_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  nodes(lo, lo + k, {lo, hi}, out);
  nodes(lo + k, hi, {lo, hi}, out);
}

bool disjoint(Range r, std::uint64_t a, std::uint64_t b) {
  return r.second <= a || b <= r.first;
}

// The brute force: nodes outside [a, b) whose parent is not, by their first leaf.
std::vector<Range> reference_subtrees(std::uint64_t n, std::uint64_t a, std::uint64_t b) {
  std::vector<std::pair<Range, Range>> all;
  nodes(0, n, {0, 0}, all);
  std::vector<Range> out;
  for (const auto& [node, parent] : all)
    if (disjoint(node, a, b) && (parent == Range{0, 0} || !disjoint(parent, a, b)))
      out.push_back(node);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Hash> reference_proof(const std::vector<Hash>& l, std::uint64_t a, std::uint64_t b) {
  std::vector<Hash> out;
  for (const auto& [lo, hi] : reference_subtrees(l.size(), a, b))
    out.push_back(tree_root(std::span(l).subspan(lo, hi - lo)));
  return out;
}

LeafSource source(const std::vector<Hash>& l, std::uint64_t a, std::uint64_t b) {
  return [&l, a, b, next = a]() mutable -> std::optional<Hash> {
    if (next >= b) return std::nullopt;
    return l[next++];
  };
}

TEST(MerkleRange, EveryRunOfEverySizeUpTo70MatchesTheBruteForceAndVerifies) {
  for (std::uint64_t n = 1; n <= 70; ++n) {
    const auto l = leaves(n);
    const MerkleTree tree(l);
    const Hash root = tree_root(l);
    for (std::uint64_t a = 0; a < n; ++a)
      for (std::uint64_t b = a + 1; b <= n; ++b) {
        const auto proof = tree.range_proof(a, b);
        ASSERT_EQ(range_proof_subtrees(n, a, b), reference_subtrees(n, a, b))
            << "n " << n << " run [" << a << ", " << b << ")";
        ASSERT_EQ(proof, reference_proof(l, a, b))
            << "n " << n << " run [" << a << ", " << b << ")";
        ASSERT_EQ(range_root(n, a, b, proof, source(l, a, b)), root)
            << "n " << n << " run [" << a << ", " << b << ")";
      }
  }
}

TEST(MerkleRange, TheWorkedExampleOfTheDocumentation) {
  // docs/audit-pack.md: n = 7, run [2, 5).
  EXPECT_EQ(range_proof_subtrees(7, 2, 5), (std::vector<Range>{{0, 2}, {5, 6}, {6, 7}}));
  // A run of the whole tree needs no node; a single leaf needs its inclusion path.
  EXPECT_TRUE(range_proof_subtrees(7, 0, 7).empty());
  const auto l = leaves(7);
  auto path = inclusion_proof(l, 3);
  std::reverse(path.begin(), path.end());  // root side first: left to right here
  std::vector<Hash> by_position = MerkleTree(l).range_proof(3, 4);
  std::sort(path.begin(), path.end());
  std::sort(by_position.begin(), by_position.end());
  EXPECT_EQ(by_position, path);
}

TEST(MerkleRange, AChangedNodeOrLeafOrAWrongNodeCountGivesAnotherRootOrNone) {
  const std::uint64_t n = 45;
  const auto l = leaves(n);
  const MerkleTree tree(l);
  const Hash root = tree.root();
  for (std::uint64_t a = 0; a < n; a += 3)
    for (std::uint64_t b = a + 1; b <= n; b += 4) {
      SCOPED_TRACE("run [" + std::to_string(a) + ", " + std::to_string(b) + ")");
      const auto proof = tree.range_proof(a, b);
      for (std::size_t i = 0; i < proof.size(); ++i) {
        auto bad = proof;
        bad[i][0] ^= 1;
        EXPECT_NE(range_root(n, a, b, bad, source(l, a, b)), root) << "node " << i;
      }
      for (std::uint64_t i = a; i < b; ++i) {
        auto changed = l;
        changed[i][31] ^= 0x80;
        EXPECT_NE(range_root(n, a, b, proof, source(changed, a, b)), root) << "leaf " << i;
      }
      auto longer = proof;
      longer.push_back(root);
      EXPECT_EQ(range_root(n, a, b, longer, source(l, a, b)), std::nullopt);
      if (!proof.empty()) {
        auto shorter = proof;
        shorter.pop_back();
        EXPECT_EQ(range_root(n, a, b, shorter, source(l, a, b)), std::nullopt);
      }
      // One leaf missing from the run: the source runs dry.
      EXPECT_EQ(range_root(n, a, b, proof, source(l, a, b - 1)), std::nullopt);
      // The same nodes offered for a run one leaf longer or shifted do not give the root.
      if (b < n) {
        EXPECT_NE(range_root(n, a, b + 1, proof, source(l, a, b + 1)), root);
        EXPECT_NE(range_root(n, a + 1, b + 1, proof, source(l, a + 1, b + 1)), root);
      }
    }
  EXPECT_EQ(range_root(n, 5, 5, {}, source(l, 5, 5)), std::nullopt);
  EXPECT_EQ(range_root(n, 5, n + 1, {}, source(l, 5, n)), std::nullopt);
  EXPECT_TRUE(tree.range_proof(5, 5).empty());
  EXPECT_TRUE(tree.range_proof(0, n + 1).empty());
}

}  // namespace
}  // namespace vigie::evidence
