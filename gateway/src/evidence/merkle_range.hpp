// Range proofs (docs/audit-pack.md, "Range proofs"): a run of consecutive leaves
// [begin, end) of an RFC 9162 tree of size n is proven by the roots MTH of the
// largest subtrees of the tree that lie wholly outside the run, in the order of
// their leaves. The verifier hashes the run's leaves itself: one node hash per
// leaf of the run, and about 2 log2(n) given nodes per run, instead of an
// inclusion proof of log2(n) nodes per leaf. MerkleTree::range_proof() writes them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "evidence/merkle.hpp"

namespace vigie::evidence {

// The subtrees [lo, hi) whose roots the range proof of [begin, end) lists, in order.
// Empty unless begin < end <= tree_size.
std::vector<std::pair<std::uint64_t, std::uint64_t>> range_proof_subtrees(std::uint64_t tree_size,
                                                                          std::uint64_t begin,
                                                                          std::uint64_t end);

// The next leaf hash of the run, in order; nullopt stops the computation (the
// source has run dry, or said why elsewhere).
using LeafSource = std::function<std::optional<Hash>()>;

// MTH(D[tree_size]) computed from the run's leaves, pulled from NEXT_LEAF in order
// (exactly end - begin of them), and PROOF. Holds at most one pending hash per tree
// level. nullopt when begin < end <= tree_size does not hold, when PROOF has fewer
// or more nodes than the run needs, or NEXT_LEAF stops. The caller compares the
// result with the signed root.
std::optional<Hash> range_root(std::uint64_t tree_size, std::uint64_t begin, std::uint64_t end,
                               std::span<const Hash> proof, const LeafSource& next_leaf);

}  // namespace vigie::evidence
