// MerkleTree (levels hashed once) gives exactly the proofs and roots of the
// reference functions in merkle.hpp, which are checked against hand-derived
// and RFC 6962 vectors in merkle_test.cpp.
#include "evidence/merkle_tree.hpp"

#include <gtest/gtest.h>

#include <string>

namespace vigie::evidence {
namespace {

std::vector<Hash> leaves(std::size_t n) {
  std::vector<Hash> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(leaf_hash("entry " + std::to_string(i)));
  return out;
}

TEST(MerkleTree, SameRootAndProofsAsTheReferenceForEverySizeUpTo70) {
  for (std::size_t n = 1; n <= 70; ++n) {
    const auto l = leaves(n);
    const MerkleTree tree(l);
    ASSERT_EQ(tree.size(), n);
    ASSERT_EQ(tree.root(), tree_root(l)) << n;
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto proof = tree.inclusion_proof(i);
      ASSERT_EQ(proof, inclusion_proof(l, i)) << "size " << n << " index " << i;
      ASSERT_TRUE(verify_inclusion(l[i], i, n, proof, tree.root()));
    }
    for (std::uint64_t m = 1; m < n; ++m) {
      const auto proof = tree.consistency_proof(m);
      ASSERT_EQ(proof, consistency_proof(l, m)) << "size " << n << " old " << m;
      ASSERT_TRUE(verify_consistency(m, n, tree_root(std::span(l).first(m)), tree.root(), proof));
    }
  }
}

TEST(MerkleTree, OutOfRangeGivesEmptyProofsAndAnEmptyTreeItsRoot) {
  const auto l = leaves(5);
  const MerkleTree tree(l);
  EXPECT_TRUE(tree.inclusion_proof(5).empty());
  EXPECT_TRUE(tree.consistency_proof(0).empty());
  EXPECT_TRUE(tree.consistency_proof(5).empty());
  const MerkleTree empty(std::span<const Hash>{});
  EXPECT_EQ(empty.root(), tree_root({}));
}

}  // namespace
}  // namespace vigie::evidence
