// Proof verification against an implementation that is not ours: the
// transparency-dev/merkle test data (RFC 6962 / 9162 inclusion and consistency
// proofs, each with whether it must verify), read from ../shared/vectors where
// it lives outside this repository; skipped with a message when absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "evidence/hash.hpp"
#include "evidence/merkle.hpp"
#include "evidence/merkle_tree.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;

// VIGIE_MERKLE_TESTDATA in the environment points elsewhere (to check the skip, say).
const std::filesystem::path kVectors = std::getenv("VIGIE_MERKLE_TESTDATA")
                                           ? std::getenv("VIGIE_MERKLE_TESTDATA")
                                           : VIGIE_MERKLE_TESTDATA;

// A base64 hash, or nullopt (null, garbage, or not 32 bytes: such a case must fail).
std::optional<Hash> hash_of(const json& v) {
  if (!v.is_string()) return std::nullopt;
  const auto bytes = base64_decode(v.get<std::string>());
  if (!bytes || bytes->size() != 32) return std::nullopt;
  Hash h;
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

// A root as our verifiers take it. A few cases ("additional/") stand for roots
// with short placeholder strings ("don't care 2") and test only whether two
// roots are equal: such a placeholder becomes its SHA-256, which keeps equal
// ones equal and different ones different.
std::optional<Hash> root_of(const json& v) {
  if (const auto h = hash_of(v)) return h;
  if (!v.is_string()) return std::nullopt;
  const auto bytes = base64_decode(v.get<std::string>());
  if (!bytes) return std::nullopt;
  return sha256(*bytes);
}

std::optional<std::vector<Hash>> proof_of(const json& v) {
  std::vector<Hash> out;
  if (v.is_null()) return out;
  if (!v.is_array()) return std::nullopt;
  for (const auto& h : v) {
    const auto parsed = hash_of(h);
    if (!parsed) return std::nullopt;
    out.push_back(*parsed);
  }
  return out;
}

// Where our verification deliberately differs from transparency-dev's, and
// why: they refuse every consistency check from size 0; verify_consistency
// accepts one with an empty proof and the empty-tree root (merkle.hpp: every
// tree extends the empty one; merkle_test.cpp). Only these may disagree.
const std::set<std::string> kDeliberate = {
    "consistency/additional/roots-do-not-match-and-sizes-are-zero.json",
    "consistency/additional/size1-is-zero-and-size2-is-not-zero.json",
};

std::vector<std::filesystem::path> cases(const char* kind) {
  std::vector<std::filesystem::path> out;
  for (const auto& f : std::filesystem::recursive_directory_iterator(kVectors / kind))
    if (f.path().extension() == ".json") out.push_back(f.path());
  std::sort(out.begin(), out.end());
  return out;
}

json read_json(const std::filesystem::path& p) {
  std::ifstream f(p);
  return json::parse(f);
}

TEST(MerkleVectors, InclusionProofsVerifyExactlyWhenTheyShould) {
  if (!std::filesystem::is_directory(kVectors / "inclusion"))
    GTEST_SKIP() << "no public test vectors at " << kVectors.string()
                 << " (transparency-dev/merkle testdata): not tested against them";
  std::size_t checked = 0;
  for (const auto& path : cases("inclusion")) {
    SCOPED_TRACE(path.string());
    const auto c = read_json(path);
    const bool want = !c.value("wantErr", false);
    const auto root = root_of(c["root"]), leaf = hash_of(c["leafHash"]);
    const auto proof = proof_of(c["proof"]);
    bool got = false;
    if (root && leaf && proof && c["leafIdx"].is_number_unsigned() &&
        c["treeSize"].is_number_unsigned()) {
      const auto idx = c["leafIdx"].get<std::uint64_t>(), size = c["treeSize"].get<std::uint64_t>();
      got = verify_inclusion(*leaf, idx, size, *proof, *root);
      // The pack verifier's checker must agree with the plain verification.
      EXPECT_EQ(InclusionChecker(size, *root).check(*leaf, idx, *proof), got);
    }
    EXPECT_EQ(got, want) << c.value("desc", "");
    ++checked;
  }
  EXPECT_GT(checked, 50u);
}

TEST(MerkleVectors, ConsistencyProofsVerifyExactlyWhenTheyShould) {
  if (!std::filesystem::is_directory(kVectors / "consistency"))
    GTEST_SKIP() << "no public test vectors at " << kVectors.string()
                 << " (transparency-dev/merkle testdata): not tested against them";
  std::size_t checked = 0;
  for (const auto& path : cases("consistency")) {
    SCOPED_TRACE(path.string());
    const auto c = read_json(path);
    const bool want = !c.value("wantErr", false);
    const auto root1 = root_of(c["root1"]), root2 = root_of(c["root2"]);
    const auto proof = proof_of(c["proof"]);
    bool got = false;
    if (root1 && root2 && proof && c["size1"].is_number_unsigned() &&
        c["size2"].is_number_unsigned())
      got = verify_consistency(c["size1"].get<std::uint64_t>(), c["size2"].get<std::uint64_t>(),
                               *root1, *root2, *proof);
    const auto name = std::filesystem::relative(path, kVectors).string();
    if (kDeliberate.count(name))
      EXPECT_NE(got, want) << c.value("desc", "") << ": no longer differs, update kDeliberate";
    else
      EXPECT_EQ(got, want) << c.value("desc", "");
    ++checked;
  }
  EXPECT_GT(checked, 50u);
}

}  // namespace
}  // namespace vigie::evidence
