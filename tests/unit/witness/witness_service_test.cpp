// The witness's decisions (C2SP tlog-witness add-checkpoint), through WitnessService over a
// real SQLite file: what it cosigns, what it refuses with which status, what it records and
// logs, and that a restart forgets nothing.
#include "witness/witness_service.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <sstream>

#include "evidence/cosignature.hpp"
#include "evidence/merkle.hpp"
#include "temp_dir.hpp"

namespace vigie::witness {
namespace {

using evidence::Hash;
using evidence::SigningKey;
using evidence::test_support::TempDir;

constexpr const char* kOrigin = "vigie/paris-1/gw-paris-1";

std::vector<Hash> leaves(int n, const std::string& salt = "") {
  std::vector<Hash> out;
  for (int i = 0; i < n; ++i)
    out.push_back(evidence::leaf_hash(salt + "entry " + std::to_string(i)));
  return out;
}

class Witness : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    site_.emplace(SigningKey::load_or_create(dir_.path() / "site.key", kOrigin));
    key_.emplace(SigningKey::load_or_create(dir_.path() / "witness.key", "head-office/witness"));
    open();
  }
  void open() {
    service_.reset();
    db_.reset();
    db_ = std::make_unique<store::Database>(dir_.path() / "witness.db", store::OpenOptions{});
    std::vector<WitnessedLog> logs{
        {kOrigin, *evidence::Verifier::parse(site_->verifier_key(), nullptr)}};
    service_ = std::make_unique<WitnessService>(
        *db_, *key_, WitnessLog(logs), [] { return std::uint64_t{1795413600}; }, log_);
  }
  std::string checkpoint(const std::vector<Hash>& tree, const SigningKey& by,
                         const std::string& origin = kOrigin) const {
    evidence::Checkpoint c{origin, tree.size(), evidence::tree_root(tree)};
    return by.sign_note(c.body());
  }
  WitnessReply submit(std::uint64_t old_size, const std::vector<Hash>& tree,
                      std::vector<Hash> proof) {
    return service_->add_checkpoint(
        format_add_checkpoint({old_size, std::move(proof), checkpoint(tree, *site_)}));
  }
  WitnessReply extend(std::uint64_t old_size, const std::vector<Hash>& tree) {
    return submit(
        old_size, tree,
        old_size == 0 ? std::vector<Hash>{} : evidence::consistency_proof(tree, old_size));
  }
  bool cosigns(const WitnessReply& r, const std::vector<Hash>& tree) const {
    const auto v = evidence::Verifier::parse(evidence::witness_verifier_key(*key_), nullptr,
                                             evidence::kCosignatureV1);
    return r.status == 200 &&
           evidence::verify_cosignature(checkpoint(tree, *site_) + r.body, *v, nullptr).has_value();
  }
  std::int64_t refusals() { return db_->scalar("SELECT count(*) FROM refusals"); }

  TempDir dir_;
  std::optional<SigningKey> site_, key_;
  std::ostringstream log_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<WitnessService> service_;
};

TEST_F(Witness, FirstCheckpointIsCosigned) {
  const auto t = leaves(5);
  const auto r = extend(0, t);
  EXPECT_TRUE(cosigns(r, t)) << r.status << " " << r.body;
  EXPECT_EQ(r.body.rfind("\u2014 head-office/witness ", 0), 0u) << r.body;
}

TEST_F(Witness, ConsistentExtensionIsCosigned) {
  ASSERT_EQ(extend(0, leaves(5)).status, 200);
  const auto t = leaves(12);
  const auto r = extend(5, t);
  EXPECT_TRUE(cosigns(r, t)) << r.status << " " << r.body;
}

TEST_F(Witness, SameSizeSameRootIsCosignedAgain) {
  ASSERT_EQ(extend(0, leaves(7)).status, 200);
  EXPECT_TRUE(cosigns(extend(7, leaves(7)), leaves(7)));
}

TEST_F(Witness, SameSizeAnotherRootIsAForkRefusedWith409AndLoggedWithBothCheckpoints) {
  ASSERT_EQ(extend(0, leaves(7)).status, 200);
  const auto forked = leaves(7, "rewritten ");
  const auto r = submit(7, forked, {});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, kSizeContentType);
  EXPECT_EQ(r.body, "7\n");
  EXPECT_EQ(refusals(), 1);
  const std::string line = log_.str();
  EXPECT_NE(line.find("fork"), std::string::npos) << line;
  const auto b64 = [](const std::vector<Hash>& t) {
    return evidence::base64_encode(evidence::as_bytes(evidence::tree_root(t)));
  };
  EXPECT_NE(line.find(b64(leaves(7))), std::string::npos) << line;
  EXPECT_NE(line.find(b64(forked)), std::string::npos) << line;
  // And the fork did not replace what was cosigned.
  EXPECT_TRUE(cosigns(extend(7, leaves(9)), leaves(9)));
}

TEST_F(Witness, ASmallerTreeIsRefused) {
  ASSERT_EQ(extend(0, leaves(9)).status, 200);
  // Claiming the witness's size with a smaller checkpoint: old size past the checkpoint.
  EXPECT_EQ(submit(9, leaves(4), {}).status, 400);
  // Proving from a size the witness did not cosign: 409 with its size.
  const auto r = extend(2, leaves(4));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, "9\n");
  EXPECT_EQ(refusals(), 2);
}

TEST_F(Witness, ABadProofIsRefusedWith422) {
  ASSERT_EQ(extend(0, leaves(5)).status, 200);
  // An entry rewritten before size 5, re-signed with the site's key: no proof can hold.
  auto rewritten = leaves(12);
  rewritten[2] = evidence::leaf_hash("entry 2, rewritten");
  EXPECT_EQ(extend(5, rewritten).status, 422);
  EXPECT_EQ(submit(5, leaves(12), {}).status, 422);  // no proof at all
  auto proof = evidence::consistency_proof(leaves(12), 5);
  proof.front()[0] ^= 1;
  EXPECT_EQ(submit(5, leaves(12), proof).status, 422);
  // Kept once per submitted checkpoint and status: the last two sent the same checkpoint.
  EXPECT_EQ(refusals(), 2);
  EXPECT_TRUE(cosigns(extend(5, leaves(12)), leaves(12)));
}

TEST_F(Witness, UnknownOriginIs404AndBadSiteSignatureIs403) {
  const auto other = SigningKey::load_or_create(dir_.path() / "other.key", "vigie/lyon-2/gw");
  auto r = service_->add_checkpoint(
      format_add_checkpoint({0, {}, checkpoint(leaves(3), other, "vigie/lyon-2/gw")}));
  EXPECT_EQ(r.status, 404);
  // The right origin signed by another key of the same name: not the configured key.
  const auto impostor = SigningKey::load_or_create(dir_.path() / "impostor.key", kOrigin);
  r = service_->add_checkpoint(format_add_checkpoint({0, {}, checkpoint(leaves(3), impostor)}));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(refusals(), 0);  // unsigned claims are not evidence of anything
  EXPECT_TRUE(cosigns(extend(0, leaves(3)), leaves(3)));  // nothing was recorded
}

TEST_F(Witness, GarbageIsRefusedWith400) {
  for (const std::string body : {"", "hello", "old 0\n\nnot a note\n", "old 0\n\n\n\n"}) {
    const auto r = service_->add_checkpoint(body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_FALSE(r.body.empty());
  }
}

TEST_F(Witness, ARestartKeepsTheCosignedState) {
  ASSERT_EQ(extend(0, leaves(6)).status, 200);
  open();  // a new process on the same file
  const auto r = extend(0, leaves(8));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, "6\n");
  EXPECT_EQ(submit(6, leaves(6, "forked "), {}).status, 409);
  EXPECT_TRUE(cosigns(extend(6, leaves(8)), leaves(8)));
}

}  // namespace
}  // namespace vigie::witness
