#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "evidence/merkle.hpp"
#include "evidence/signed_note.hpp"
#include "temp_dir.hpp"

namespace vigie::evidence {
namespace {

Checkpoint sample() {
  Checkpoint cp;
  cp.origin = "vigie.example/floor-3";
  cp.size = 20852163;
  cp.root = sha256("root");
  return cp;
}

std::optional<Checkpoint> parse(const std::string& body, std::string* error = nullptr) {
  return Checkpoint::parse(body, error);
}

TEST(Checkpoint, BodyIsThreeLines) {
  const Checkpoint cp = sample();
  EXPECT_EQ(cp.body(),
            "vigie.example/floor-3\n20852163\n" + base64_encode(as_bytes(cp.root)) + "\n");

  Checkpoint empty;
  empty.origin = "o";
  empty.root = tree_root({});
  EXPECT_EQ(empty.body(), "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
}

TEST(Checkpoint, ParseRoundTrips) {
  const Checkpoint cp = sample();
  std::string error;
  const std::optional<Checkpoint> back = parse(cp.body(), &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->origin, cp.origin);
  EXPECT_EQ(back->size, cp.size);
  EXPECT_EQ(back->root, cp.root);

  Checkpoint max = cp;
  max.size = std::numeric_limits<std::uint64_t>::max();
  ASSERT_TRUE(parse(max.body()));
  EXPECT_EQ(parse(max.body())->size, max.size);
}

TEST(Checkpoint, ExtensionLinesAreAllowedAndIgnored) {
  const Checkpoint cp = sample();
  const std::optional<Checkpoint> back = parse(cp.body() + "extension one\nextension two\n");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->body(), cp.body());
}

TEST(Checkpoint, MalformedBodiesAreRefused) {
  const std::string root = base64_encode(as_bytes(sha256("root")));
  const std::string bad[] = {
      "",
      "origin\n5\n",                                               // no root line
      "origin\n5\n" + root,                                        // no final newline
      "\n5\n" + root + "\n",                                       // empty origin
      "origin\n05\n" + root + "\n",                                // leading zero
      "origin\n+5\n" + root + "\n",                                // sign
      "origin\n-5\n" + root + "\n",                                // negative
      "origin\n 5\n" + root + "\n",                                // space
      "origin\n18446744073709551616\n" + root + "\n",              // 2^64
      "origin\nfive\n" + root + "\n",                              // not a number
      "origin\n5\n" + root.substr(1) + "\n",                       // broken base64
      "origin\n5\n" + base64_encode(std::string(31, 'r')) + "\n",  // short hash
      "origin\n5\n" + root + "\n\nextension\n",                    // empty extension line
      "orig\tin\n5\n" + root + "\n",                               // control character
  };
  for (const std::string& body : bad) {
    std::string error;
    EXPECT_FALSE(parse(body, &error)) << body;
    EXPECT_FALSE(error.empty()) << body;
  }
}

TEST(Checkpoint, BodyRefusesOriginsThatBreakTheFormat) {
  for (const char* origin : {"", "two\nlines", "tab\there"}) {
    Checkpoint cp = sample();
    cp.origin = origin;
    EXPECT_THROW(cp.body(), std::invalid_argument) << origin;
  }
}

// The intended use end to end: sign a checkpoint, open it, parse it, and check a
// leaf against it.
TEST(Checkpoint, SignedCheckpointVerifiesAnInclusionProof) {
  test_support::TempDir dir;
  const SigningKey key = SigningKey::load_or_create(dir.path() / "log.key", "vigie.example/log");
  std::vector<Hash> leaves;
  for (int i = 0; i < 10; ++i) leaves.push_back(leaf_hash("event " + std::to_string(i)));

  Checkpoint cp;
  cp.origin = key.name();
  cp.size = leaves.size();
  cp.root = tree_root(leaves);
  const std::string note = key.sign_note(cp.body());

  std::string error;
  const std::optional<Verifier> v = Verifier::parse(key.verifier_key(), &error);
  ASSERT_TRUE(v) << error;
  const std::optional<std::string> text = open_note(note, *v, &error);
  ASSERT_TRUE(text) << error;
  const std::optional<Checkpoint> seen = Checkpoint::parse(*text, &error);
  ASSERT_TRUE(seen) << error;
  EXPECT_TRUE(verify_inclusion(leaf_hash("event 6"), 6, seen->size, inclusion_proof(leaves, 6),
                               seen->root));
}

}  // namespace
}  // namespace vigie::evidence
