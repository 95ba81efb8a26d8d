// Witness cosignatures against the text of C2SP tlog-cosignature: the signed message, the
// key id with type 0x04, the timestamped signature layout, and what a verifier refuses.
#include "evidence/cosignature.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "evidence/hash.hpp"
#include "temp_dir.hpp"

namespace vigie::evidence {
namespace {

using test_support::TempDir;

// The checkpoint of the spec's example ("example.com/behind-the-sofa").
constexpr const char* kBody =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

class Cosignature : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    witness_.emplace(SigningKey::load_or_create(dir_.path() / "w.key", "witness.example/w1"));
    log_.emplace(
        SigningKey::load_or_create(dir_.path() / "log.key", "example.com/behind-the-sofa"));
  }
  Verifier witness_verifier() const {
    auto v = Verifier::parse(witness_verifier_key(*witness_), nullptr, kCosignatureV1);
    EXPECT_TRUE(v.has_value());
    return *v;
  }
  // The bytes after the key id of the note's last signature line.
  static std::string last_signature(const std::string& note) {
    auto split = split_note(note, nullptr);
    EXPECT_TRUE(split.has_value());
    return split->signatures.back().signature;
  }

  TempDir dir_;
  std::optional<SigningKey> witness_, log_;
};

TEST_F(Cosignature, SignedMessageIsTheSpecsExampleByteForByte) {
  // tlog-cosignature, "Ed25519 signed message": the header line, the time line, the body.
  EXPECT_EQ(cosigned_message(kBody, 1679315147),
            "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
  EXPECT_EQ(cosigned_message(kBody, 0).substr(0, 22), "cosignature/v1\ntime 0\n");
}

TEST_F(Cosignature, LineCarriesKeyIdOfType4TimestampBigEndianAndSignature) {
  const std::uint64_t ts = 0x0102030405060708ULL;
  const std::string line = cosign(*witness_, kBody, ts);
  ASSERT_EQ(line.rfind("\u2014 witness.example/w1 ", 0), 0u) << line;
  ASSERT_EQ(line.back(), '\n');
  std::string b64 = line.substr(line.rfind(' ') + 1);
  b64.pop_back();  // the newline
  const auto blob = base64_decode(b64);
  ASSERT_TRUE(blob.has_value());
  ASSERT_EQ(blob->size(), 4u + 8u + 64u);
  // Key id: SHA-256(name || "\n" || 0x04 || public key)[:4], computed here on its own.
  const auto pk = witness_->public_key();
  std::string id_input = "witness.example/w1\n";
  id_input += '\x04';
  id_input.append(reinterpret_cast<const char*>(pk.data()), pk.size());
  const Hash id = sha256(id_input);
  EXPECT_EQ(blob->substr(0, 4), std::string(reinterpret_cast<const char*>(id.data()), 4));
  EXPECT_EQ(blob->substr(4, 8), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  // The signature is plain Ed25519 over the message the spec defines, checked by libsodium.
  const std::string message = cosigned_message(kBody, ts);
  EXPECT_EQ(crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(blob->data() + 12),
                                        reinterpret_cast<const unsigned char*>(message.data()),
                                        message.size(), pk.data()),
            0);
}

TEST_F(Cosignature, AppendedToTheLogsNoteItVerifiesAndTheLogSignatureStillDoes) {
  const std::string note = log_->sign_note(kBody) + cosign(*witness_, kBody, 1679315147);
  std::string error;
  EXPECT_EQ(verify_cosignature(note, witness_verifier(), &error), 1679315147u) << error;
  const auto log_verifier = Verifier::parse(log_->verifier_key(), nullptr);
  ASSERT_TRUE(log_verifier);
  EXPECT_TRUE(open_note(note, *log_verifier, &error)) << error;
  EXPECT_EQ(cosigner_names(note), std::vector<std::string>{"witness.example/w1"});
}

TEST_F(Cosignature, RefusedForAnotherBodyAnotherTimeOrAnotherWitness) {
  const std::string line = cosign(*witness_, kBody, 1679315147);
  std::string other = kBody;
  other.replace(other.find("20852163"), 8, "20852164");
  std::string error;
  EXPECT_FALSE(verify_cosignature(log_->sign_note(other) + line, witness_verifier(), &error));
  EXPECT_EQ(error, "bad cosignature by witness.example/w1");

  // The timestamp is signed: another one in the line breaks the signature.
  std::string sig = last_signature(log_->sign_note(kBody) + line);
  sig[7] = static_cast<char>(sig[7] ^ 1);
  const std::string forged =
      log_->sign_note(kBody) +
      signature_line("witness.example/w1", witness_->key_id(kCosignatureV1), sig);
  EXPECT_FALSE(verify_cosignature(forged, witness_verifier(), &error));

  const auto stranger = SigningKey::load_or_create(dir_.path() / "s.key", "witness.example/w2");
  const auto v = Verifier::parse(witness_verifier_key(stranger), nullptr, kCosignatureV1);
  ASSERT_TRUE(v);
  EXPECT_FALSE(verify_cosignature(log_->sign_note(kBody) + line, *v, &error));
  EXPECT_EQ(error, "no cosignature by witness.example/w2");
}

TEST_F(Cosignature, ANoteSignatureByTheSameKeyIsNotACosignature) {
  // The same key signing the note (type 0x01) has another key id: never taken for a
  // cosignature, whose message differs (domain separation by the header line).
  const std::string note = witness_->sign_note(kBody);
  std::string error;
  EXPECT_FALSE(verify_cosignature(note, witness_verifier(), &error));
  EXPECT_EQ(error, "no cosignature by witness.example/w1");
}

TEST_F(Cosignature, WitnessAndLogKeysAreNotInterchangeable) {
  std::string error;
  EXPECT_FALSE(Verifier::parse(log_->verifier_key(), &error, kCosignatureV1));
  EXPECT_NE(error.find("a log's key"), std::string::npos) << error;
  EXPECT_FALSE(Verifier::parse(witness_verifier_key(*witness_), &error));
  EXPECT_NE(error.find("a witness's key"), std::string::npos) << error;
  EXPECT_NE(witness_verifier_key(*witness_), witness_->verifier_key());
}

TEST_F(Cosignature, TimestampPastTheSpecsBoundIsRefused) {
  EXPECT_THROW(cosign(*witness_, kBody, (1ULL << 63)), std::invalid_argument);
  EXPECT_NO_THROW(cosign(*witness_, kBody, (1ULL << 63) - 1));
}

}  // namespace
}  // namespace vigie::evidence
