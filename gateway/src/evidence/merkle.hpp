// Merkle tree hashing and proofs as in RFC 9162 sec. 2.1 (the same tree as RFC 6962).
//
// Trees are given as the leaf hashes in order; proofs list hashes from the leaf
// side to the root side. Arguments outside the ranges the RFC defines give an
// empty proof or a failed verification, never an exception.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "evidence/hash.hpp"

namespace vigie::evidence {

// SHA-256(0x00 || entry).
Hash leaf_hash(std::string_view entry);
// SHA-256(0x01 || left || right).
Hash node_hash(const Hash& left, const Hash& right);

// MTH of the tree over all the given leaves; the empty tree is SHA-256 of "".
Hash tree_root(std::span<const Hash> leaf_hashes);

// PATH(index, D[n]) for n = leaf_hashes.size(); empty when index >= n.
std::vector<Hash> inclusion_proof(std::span<const Hash> leaf_hashes, std::uint64_t index);
// tree_size is bound to the proof only through root: different sizes can share a
// proof's shape (index 0 of sizes 3 and 4, say), so take tree_size and root from
// the same signed checkpoint. The same holds for the sizes of verify_consistency.
bool verify_inclusion(const Hash& leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                      std::span<const Hash> proof, const Hash& root);

// PROOF(old_size, D[n]) for n = leaf_hashes.size(); empty when old_size is 0,
// equal to n, or greater than n.
std::vector<Hash> consistency_proof(std::span<const Hash> leaf_hashes, std::uint64_t old_size);
// Beyond the RFC's 0 < old_size < new_size: equal sizes verify iff the proof is
// empty and the roots are equal; old_size 0 verifies iff the proof is empty and
// old_root is the empty-tree root (every tree extends the empty one).
bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                        const Hash& new_root, std::span<const Hash> proof);

}  // namespace vigie::evidence
