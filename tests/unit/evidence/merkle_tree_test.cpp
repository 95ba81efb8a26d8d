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

TEST(InclusionChecker, AgreesWithTheReferenceInAnyOrderAndRefusesWhatItRefuses) {
  for (std::size_t n = 1; n <= 40; ++n) {
    const auto l = leaves(n);
    const MerkleTree tree(l);
    InclusionChecker checker(n, tree.root());
    // An order that jumps around, so later proofs meet nodes proven by earlier ones.
    for (std::uint64_t step = 0; step < n; ++step) {
      const std::uint64_t i = (step * 7 + 3) % n;
      auto proof = tree.inclusion_proof(i);
      ASSERT_TRUE(checker.check(l[i], i, proof)) << "size " << n << " index " << i;
      Hash other = l[i];
      other[0] ^= 1;
      EXPECT_FALSE(checker.check(other, i, proof)) << "a changed leaf, size " << n;
      if (!proof.empty()) {
        auto bad = proof;
        bad[0][5] ^= 1;  // the sibling nearest the leaf: always used
        EXPECT_FALSE(checker.check(l[i], i, bad)) << "size " << n << " index " << i;
        bad = proof;
        bad.push_back(bad.back());
        EXPECT_FALSE(checker.check(l[i], i, bad)) << "a longer proof, size " << n;
        bad = proof;
        bad.pop_back();
        EXPECT_FALSE(checker.check(l[i], i, bad)) << "a shorter proof, size " << n;
      }
      if (n > 1) {
        EXPECT_FALSE(checker.check(l[i], (i + 1) % n, proof)) << "another index";
      }
    }
    EXPECT_FALSE(checker.check(l[0], n, {})) << "out of range";
  }
}

TEST(InclusionChecker, AWrongRootProvesNothing) {
  const auto l = leaves(9);
  const MerkleTree tree(l);
  Hash wrong = tree.root();
  wrong[3] ^= 1;
  InclusionChecker checker(9, wrong);
  for (std::uint64_t i = 0; i < 9; ++i)
    EXPECT_FALSE(checker.check(l[i], i, tree.inclusion_proof(i))) << i;
}

}  // namespace
}  // namespace vigie::evidence
