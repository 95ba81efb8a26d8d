#include "evidence/merkle.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace vigie::evidence {
namespace {

// The raw 32 bytes of a hash, to build the hashed byte strings by hand.
std::string raw(const Hash& h) {
  return std::string(as_bytes(h));
}

const std::string k00(1, '\x00');  // RFC 9162 leaf prefix
const std::string k01(1, '\x01');  // RFC 9162 node prefix

// Leaves "a", "b", "c", ... hashed through the library (the hand-built tests
// below do not use this; it feeds the property tests).
std::vector<Hash> leaves(std::size_t n) {
  std::vector<Hash> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(leaf_hash(std::string(1, char('a' + i))));
  return out;
}

Hash flip(Hash h, std::size_t byte = 0) {
  h[byte] ^= 0x01;
  return h;
}

TEST(Merkle, LeafAndNodeHashesArePrefixedSha256) {
  const Hash a = sha256("x");
  const Hash b = sha256("y");
  EXPECT_EQ(leaf_hash("a"), sha256(k00 + "a"));
  EXPECT_EQ(leaf_hash(""), sha256(k00));
  EXPECT_EQ(node_hash(a, b), sha256(k01 + raw(a) + raw(b)));
  EXPECT_NE(node_hash(a, b), node_hash(b, a));
}

TEST(Merkle, EmptyTreeIsSha256OfNothing) {
  EXPECT_EQ(to_hex(tree_root({})),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// Expected roots derived by hand from RFC 9162 sec. 2.1.1, with entries "a".."g":
//   l_x = SHA-256(0x00 || x)
//   MTH of one leaf is its leaf hash; for n > 1, k = largest power of two < n and
//   MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
// The hex values were computed independently with Python's hashlib.
TEST(Merkle, RootsOfHandBuiltTrees) {
  const Hash la = sha256(k00 + "a");
  const Hash lb = sha256(k00 + "b");
  const Hash lc = sha256(k00 + "c");
  const Hash ld = sha256(k00 + "d");
  const Hash le = sha256(k00 + "e");
  const Hash lf = sha256(k00 + "f");
  const Hash lg = sha256(k00 + "g");

  // n = 1: root = l_a.
  EXPECT_EQ(tree_root(leaves(1)), la);
  EXPECT_EQ(to_hex(la), "022a6979e6dab7aa5ae4c3e5e45f7e977112a7e63593820dbec1ec738a24f93c");

  // n = 2: k = 1, root = H(0x01 || l_a || l_b).
  const Hash ab = sha256(k01 + raw(la) + raw(lb));
  EXPECT_EQ(tree_root(leaves(2)), ab);
  EXPECT_EQ(to_hex(ab), "b137985ff484fb600db93107c77b0365c80d78f5b429ded0fd97361d077999eb");

  // n = 3: k = 2, root = H(0x01 || MTH(a,b) || MTH(c)) = H(0x01 || ab || l_c).
  const Hash abc = sha256(k01 + raw(ab) + raw(lc));
  EXPECT_EQ(tree_root(leaves(3)), abc);
  EXPECT_EQ(to_hex(abc), "36642e73c2540ab121e3a6bf9545b0a24982cd830eb13d3cd19de3ce6c021ec1");

  // n = 7: k = 4.
  //   left  = MTH(a,b,c,d) = H(0x01 || ab || cd), cd = H(0x01 || l_c || l_d)
  //   right = MTH(e,f,g): k = 2 -> H(0x01 || ef || l_g), ef = H(0x01 || l_e || l_f)
  //   root  = H(0x01 || left || right)
  //
  //   root
  //   +-- abcd
  //   |   +-- ab = (a, b)
  //   |   +-- cd = (c, d)
  //   +-- efg
  //       +-- ef = (e, f)
  //       +-- g
  const Hash cd = sha256(k01 + raw(lc) + raw(ld));
  const Hash abcd = sha256(k01 + raw(ab) + raw(cd));
  const Hash ef = sha256(k01 + raw(le) + raw(lf));
  const Hash efg = sha256(k01 + raw(ef) + raw(lg));
  const Hash root7 = sha256(k01 + raw(abcd) + raw(efg));
  EXPECT_EQ(tree_root(leaves(7)), root7);
  EXPECT_EQ(to_hex(root7), "4ae191939f548d9934740b88dea2c5cb89bb8870fc4505cd79dec6bbfaaee9cb");

  // The inclusion proof of "e" (index 4), leaf side first: e's sibling is f,
  // ef's sibling is g, efg's sibling is abcd.
  const std::vector<Hash> expected_path{lf, lg, abcd};
  EXPECT_EQ(inclusion_proof(leaves(7), 4), expected_path);
  // Consistency 3 -> 7, by RFC 9162 sec. 2.1.4.1:
  //   SUBPROOF(3, D[0:7], true)  = SUBPROOF(3, D[0:4], true) : efg        (3 <= k = 4)
  //   SUBPROOF(3, D[0:4], true)  = SUBPROOF(1, D[2:4], false) : ab        (3 > k = 2)
  //   SUBPROOF(1, D[2:4], false) = SUBPROOF(1, D[2:3], false) : l_d = l_c : l_d
  const std::vector<Hash> expected_consistency{lc, ld, ab, efg};
  EXPECT_EQ(consistency_proof(leaves(7), 3), expected_consistency);
}

// The test vectors of the certificate-transparency project (RFC 6962 trees),
// recomputed with Python's hashlib before being written here.
TEST(Merkle, Rfc6962TestVectors) {
  const std::string entries[] = {
      std::string(),
      std::string("\x00", 1),
      "\x10",
      "\x20\x21",
      "\x30\x31",
      "\x40\x41\x42\x43",
      "\x50\x51\x52\x53\x54\x55\x56\x57",
      "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
  };
  const char* roots[] = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };
  std::vector<Hash> tree;
  for (std::size_t n = 0; n < 8; ++n) {
    tree.push_back(leaf_hash(entries[n]));
    EXPECT_EQ(to_hex(tree_root(tree)), roots[n]) << "size " << n + 1;
  }
}

// A deliberately naive MTH, straight from the definition (copies and all), built
// from explicit byte strings, to check tree_root on every small size.
Hash reference_root(const std::vector<std::string>& entries) {
  if (entries.empty()) return sha256("");
  if (entries.size() == 1) return sha256(k00 + entries[0]);
  std::size_t k = 1;
  while (k * 2 < entries.size()) k *= 2;
  const std::vector<std::string> left(entries.begin(), entries.begin() + k);
  const std::vector<std::string> right(entries.begin() + k, entries.end());
  return sha256(k01 + raw(reference_root(left)) + raw(reference_root(right)));
}

TEST(Merkle, RootMatchesNaiveDefinitionUpTo40Leaves) {
  std::vector<std::string> entries;
  for (std::size_t n = 0; n <= 40; ++n) {
    std::vector<Hash> hashes;
    for (const std::string& e : entries) hashes.push_back(sha256(k00 + e));
    EXPECT_EQ(tree_root(hashes), reference_root(entries)) << "size " << n;
    entries.push_back("entry " + std::to_string(n));
  }
}

constexpr std::uint64_t kMaxSize = 17;

class MerkleProofs : public ::testing::Test {
 protected:
  MerkleProofs() : all(leaves(kMaxSize + 1)) {
    for (std::size_t n = 0; n <= kMaxSize + 1; ++n) roots.push_back(tree_root(tree(n)));
  }
  std::span<const Hash> tree(std::uint64_t n) const { return std::span(all).first(n); }

  std::vector<Hash> all;
  std::vector<Hash> roots;  // roots[n] = root of the first n leaves
};

TEST_F(MerkleProofs, InclusionVerifiesForEveryIndexAndFailsWhenAnythingChanges) {
  for (std::uint64_t n = 1; n <= kMaxSize; ++n) {
    for (std::uint64_t i = 0; i < n; ++i) {
      SCOPED_TRACE("size " + std::to_string(n) + " index " + std::to_string(i));
      const std::vector<Hash> proof = inclusion_proof(tree(n), i);
      const Hash& leaf = all[i];
      ASSERT_TRUE(verify_inclusion(leaf, i, n, proof, roots[n]));

      for (std::size_t j = 0; j < proof.size(); ++j) {
        std::vector<Hash> bad = proof;
        bad[j] = flip(bad[j], j % 32);
        EXPECT_FALSE(verify_inclusion(leaf, i, n, bad, roots[n])) << "hash " << j;
      }
      EXPECT_FALSE(verify_inclusion(flip(leaf), i, n, proof, roots[n]));
      EXPECT_FALSE(verify_inclusion(leaf, i, n, proof, flip(roots[n], 31)));
      for (std::uint64_t other = 0; other <= n; ++other) {
        if (other == i) continue;
        EXPECT_FALSE(verify_inclusion(leaf, other, n, proof, roots[n])) << other;
      }
      // A size travels with its root (both come from one checkpoint), so a changed
      // size is checked against the root of that size.
      for (std::uint64_t size = 0; size <= kMaxSize + 1; ++size) {
        if (size == n) continue;
        EXPECT_FALSE(verify_inclusion(leaf, i, size, proof, roots[size])) << size;
      }
      if (!proof.empty()) {
        EXPECT_FALSE(
            verify_inclusion(leaf, i, n, std::span(proof).first(proof.size() - 1), roots[n]));
      }
      std::vector<Hash> longer = proof;
      longer.push_back(all[0]);
      EXPECT_FALSE(verify_inclusion(leaf, i, n, longer, roots[n]));
    }
  }
}

TEST_F(MerkleProofs, ConsistencyVerifiesForEveryPairAndFailsWhenAnythingChanges) {
  for (std::uint64_t n = 1; n <= kMaxSize; ++n) {
    for (std::uint64_t m = 1; m <= n; ++m) {
      SCOPED_TRACE("old " + std::to_string(m) + " new " + std::to_string(n));
      const std::vector<Hash> proof = consistency_proof(tree(n), m);
      ASSERT_TRUE(verify_consistency(m, n, roots[m], roots[n], proof));
      EXPECT_EQ(proof.empty(), m == n);

      for (std::size_t j = 0; j < proof.size(); ++j) {
        std::vector<Hash> bad = proof;
        bad[j] = flip(bad[j], j % 32);
        EXPECT_FALSE(verify_consistency(m, n, roots[m], roots[n], bad)) << "hash " << j;
      }
      EXPECT_FALSE(verify_consistency(m, n, flip(roots[m]), roots[n], proof));
      EXPECT_FALSE(verify_consistency(m, n, roots[m], flip(roots[n]), proof));
      for (std::uint64_t old_size = 0; old_size <= kMaxSize + 1; ++old_size) {
        // The empty proof of m == n is also the genuine proof from the empty tree.
        if (old_size == m || (old_size == 0 && proof.empty())) continue;
        EXPECT_FALSE(verify_consistency(old_size, n, roots[old_size], roots[n], proof))
            << "old size " << old_size;
      }
      for (std::uint64_t new_size = 0; new_size <= kMaxSize + 1; ++new_size) {
        if (new_size == n) continue;
        EXPECT_FALSE(verify_consistency(m, new_size, roots[m], roots[new_size], proof))
            << "new size " << new_size;
      }
      if (!proof.empty()) {
        EXPECT_FALSE(
            verify_consistency(m, n, roots[m], roots[n], std::span(proof).first(proof.size() - 1)));
      }
      std::vector<Hash> longer = proof;
      longer.push_back(all[0]);
      EXPECT_FALSE(verify_consistency(m, n, roots[m], roots[n], longer));
    }
  }
}

TEST_F(MerkleProofs, EmptyOldTreeIsConsistentWithAnyTree) {
  EXPECT_TRUE(consistency_proof(tree(5), 0).empty());
  EXPECT_TRUE(verify_consistency(0, 5, roots[0], roots[5], {}));
  EXPECT_TRUE(verify_consistency(0, 0, roots[0], roots[0], {}));
  EXPECT_FALSE(verify_consistency(0, 5, roots[1], roots[5], {}));  // not the empty root
  const Hash extra[] = {roots[5]};
  EXPECT_FALSE(verify_consistency(0, 5, roots[0], roots[5], extra));
}

TEST_F(MerkleProofs, OutOfRangeArgumentsGiveEmptyProofsAndFailures) {
  constexpr auto kHuge = std::numeric_limits<std::uint64_t>::max();
  EXPECT_TRUE(inclusion_proof({}, 0).empty());
  EXPECT_TRUE(inclusion_proof(tree(5), 5).empty());
  EXPECT_TRUE(inclusion_proof(tree(5), kHuge).empty());
  EXPECT_TRUE(consistency_proof({}, 0).empty());
  EXPECT_TRUE(consistency_proof(tree(5), 6).empty());
  EXPECT_TRUE(consistency_proof(tree(5), kHuge).empty());

  const std::vector<Hash> proof = inclusion_proof(tree(5), 2);
  EXPECT_FALSE(verify_inclusion(all[2], 2, 0, proof, roots[0]));
  EXPECT_FALSE(verify_inclusion(all[2], kHuge, kHuge, proof, roots[5]));
  EXPECT_FALSE(verify_inclusion(all[2], 2, kHuge, proof, roots[5]));
  EXPECT_FALSE(verify_inclusion(all[0], 0, 1, proof, all[0]));  // proof too long for size 1
  EXPECT_TRUE(verify_inclusion(all[0], 0, 1, {}, all[0]));

  const std::vector<Hash> cproof = consistency_proof(tree(5), 3);
  EXPECT_FALSE(verify_consistency(5, 3, roots[5], roots[3], cproof));
  EXPECT_FALSE(verify_consistency(3, kHuge, roots[3], roots[5], cproof));
  EXPECT_FALSE(verify_consistency(kHuge, kHuge, roots[3], roots[3], cproof));
  EXPECT_FALSE(verify_consistency(3, 5, roots[3], roots[5], {}));
}

// A million-leaf tree: the root and proofs are linear-time and recurse only as
// deep as the tree is high, so this runs in well under a few seconds.
TEST(Merkle, MillionLeafTree) {
  constexpr std::uint64_t n = (1u << 20) + 3;
  std::vector<Hash> big;
  big.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) big.push_back(leaf_hash(std::to_string(i)));
  const Hash root = tree_root(big);

  for (std::uint64_t index : {std::uint64_t{0}, n / 2 + 1, n - 1}) {
    const std::vector<Hash> proof = inclusion_proof(big, index);
    EXPECT_LE(proof.size(), 21u);
    EXPECT_TRUE(verify_inclusion(big[index], index, n, proof, root)) << index;
  }
  const std::uint64_t old_size = 777'777;
  const Hash old_root = tree_root(std::span(big).first(old_size));
  const std::vector<Hash> proof = consistency_proof(big, old_size);
  EXPECT_TRUE(verify_consistency(old_size, n, old_root, root, proof));
  EXPECT_FALSE(verify_consistency(old_size, n, old_root, flip(root), proof));
}

}  // namespace
}  // namespace vigie::evidence
