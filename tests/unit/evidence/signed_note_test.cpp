#include "evidence/signed_note.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "temp_dir.hpp"

namespace vigie::evidence {
namespace {

const std::string kEmDash = "\xE2\x80\x94";  // U+2014
const std::string kName = "vigie.example/log";
const std::string kText = "vigie.example/log\n42\nsome line with \xC3\xA9t\xC3\xA9\n";

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& bytes) {
  std::string out;
  char buf[3];
  for (std::uint8_t b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

class SignedNote : public ::testing::Test {
 protected:
  Verifier verifier_of(const SigningKey& key) {
    std::string error;
    std::optional<Verifier> v = Verifier::parse(key.verifier_key(), &error);
    EXPECT_TRUE(v) << error;
    return v.value_or(Verifier{});
  }
  std::string open_error(const std::string& note, const Verifier& v) {
    std::string error;
    EXPECT_FALSE(open_note(note, v, &error));
    return error;
  }

  test_support::TempDir dir;
  SigningKey key = SigningKey::load_or_create(dir.path() / "keys" / "log.key", kName);
};

TEST_F(SignedNote, RoundTripAndWireFormat) {
  const std::string note = key.sign_note(kText);

  // text, blank line, "— <name> <base64(key id || 64-byte signature)>\n"
  const std::string prefix = kText + "\n" + kEmDash + " " + kName + " ";
  ASSERT_EQ(note.substr(0, prefix.size()), prefix);
  ASSERT_EQ(note.back(), '\n');
  const std::optional<std::string> blob =
      base64_decode(note.substr(prefix.size(), note.size() - prefix.size() - 1));
  ASSERT_TRUE(blob);
  ASSERT_EQ(blob->size(), 4u + 64u);
  const auto id = key.key_id();
  EXPECT_EQ(blob->substr(0, 4), std::string(reinterpret_cast<const char*>(id.data()), 4));

  std::string error;
  EXPECT_EQ(open_note(note, verifier_of(key), &error), kText) << error;
  EXPECT_EQ(open_note(note, verifier_of(key), nullptr), kText);  // error pointer is optional
}

TEST_F(SignedNote, KeyIdAndVerifierKeyFollowC2sp) {
  const auto pk = key.public_key();
  const std::string pk_bytes(reinterpret_cast<const char*>(pk.data()), pk.size());
  const Hash h = sha256(kName + "\n" + std::string(1, '\x01') + pk_bytes);
  const std::array<std::uint8_t, 4> expected_id{h[0], h[1], h[2], h[3]};
  EXPECT_EQ(key.key_id(), expected_id);
  EXPECT_EQ(key.verifier_key(),
            kName + "+" + hex(expected_id) + "+" + base64_encode("\x01" + pk_bytes));

  const Verifier v = verifier_of(key);
  EXPECT_EQ(v.name, kName);
  EXPECT_EQ(v.key_id, key.key_id());
  EXPECT_EQ(v.public_key, pk);
  EXPECT_EQ(fingerprint(pk), "SHA256:" + to_hex(sha256(pk_bytes)));
}

TEST_F(SignedNote, TextNotesCanHoldBlankLines) {
  const std::string text = "first\n\nafter a blank line\n\n";
  std::string error;
  EXPECT_EQ(open_note(key.sign_note(text), verifier_of(key), &error), text) << error;
}

TEST_F(SignedNote, EveryChangedTextByteIsABadSignature) {
  const std::string note = key.sign_note(kText);
  const Verifier v = verifier_of(key);
  for (std::size_t i = 0; i < kText.size(); ++i) {
    if (kText[i] == '\n' || (kText[i] & 0x80) != 0) continue;  // keep the shape and UTF-8
    std::string changed = note;
    changed[i] = kText[i] == 'X' ? 'Y' : 'X';
    EXPECT_EQ(open_error(changed, v), "bad signature") << "byte " << i;
  }
}

TEST_F(SignedNote, AnotherKeyWithTheSameNameFindsNoSignature) {
  const SigningKey other = SigningKey::load_or_create(dir.path() / "other.key", kName);
  ASSERT_NE(other.public_key(), key.public_key());
  EXPECT_EQ(open_error(key.sign_note(kText), verifier_of(other)),
            "no signature by " + kName + "+" + hex(other.key_id()));
}

TEST_F(SignedNote, TheSameKeyUnderAnotherNameFindsNoSignature) {
  const SigningKey renamed =
      SigningKey::load_or_create(dir.path() / "keys" / "log.key", "other.example/log");
  EXPECT_EQ(renamed.public_key(), key.public_key());
  EXPECT_NE(renamed.key_id(), key.key_id());
  const std::string note = key.sign_note(kText);
  EXPECT_EQ(open_error(note, verifier_of(renamed)),
            "no signature by other.example/log+" + hex(renamed.key_id()));

  // Same key and key id but another name: still not this key's signature line.
  Verifier v = verifier_of(key);
  v.name = "other.example/log";
  EXPECT_EQ(open_error(note, v).rfind("no signature by other.example/log+", 0), 0u);
}

TEST_F(SignedNote, TruncatedSignaturesAreRefused) {
  const std::string note = key.sign_note(kText);
  const Verifier v = verifier_of(key);
  const std::string body = note.substr(0, note.size() - 1);  // without the final "\n"
  // One base64 character fewer: not base64 at all.
  EXPECT_EQ(open_error(body.substr(0, body.size() - 1) + "\n", v), "malformed note");
  // One base64 group fewer: decodes, right key, but the signature is short.
  EXPECT_EQ(open_error(body.substr(0, body.size() - 4) + "\n", v), "bad signature");
  // No final newline, no signature line, nothing but the text.
  EXPECT_EQ(open_error(body, v), "malformed note");
  EXPECT_EQ(open_error(kText + "\n", v), "malformed note");
  EXPECT_EQ(open_error(kText, v), "malformed note");
}

TEST_F(SignedNote, MalformedNotesAreRefused) {
  const std::string note = key.sign_note(kText);
  const Verifier v = verifier_of(key);
  const std::string sig_line = note.substr(kText.size() + 1);
  const std::string bad_lines[] = {
      "-- " + kName + " AAAA\n",     // not an em dash
      kEmDash + kName + " AAAA\n",   // no space after the dash
      kEmDash + " " + kName + "\n",  // no signature
      kEmDash + " " + kName + " AAA=\n",
      kEmDash + " " + " AAAAAAAA\n",  // empty name
  };
  for (const std::string& bad : bad_lines) {
    EXPECT_EQ(open_error(note + bad, v), "malformed note") << bad;
  }
  // Control characters are not allowed anywhere in a note.
  std::string with_tab = note;
  with_tab[0] = '\t';
  EXPECT_EQ(open_error(with_tab, v), "malformed note");
  EXPECT_EQ(open_error(std::string("\xff\n\n") + sig_line, v), "malformed note");
}

TEST_F(SignedNote, OtherKeysSignaturesAreIgnoredButABadOneOfOursIsNot) {
  const SigningKey witness = SigningKey::load_or_create(dir.path() / "w.key", "witness.example");
  const std::string ours = key.sign_note(kText);
  const std::string theirs = witness.sign_note(kText);
  const std::string both = ours + theirs.substr(kText.size() + 1);

  std::string error;
  EXPECT_EQ(open_note(both, verifier_of(key), &error), kText) << error;
  EXPECT_EQ(open_note(both, verifier_of(witness), &error), kText) << error;

  // Our line, re-signed over another text, pasted next to a good one of ours.
  const std::string forged = key.sign_note("something else\n");
  const std::string mixed = ours + forged.substr(std::string("something else\n").size() + 1);
  EXPECT_EQ(open_error(mixed, verifier_of(key)), "bad signature");
}

TEST_F(SignedNote, SignRefusesTextsThatAreNotNoteText) {
  EXPECT_THROW(key.sign_note("no newline"), std::invalid_argument);
  EXPECT_THROW(key.sign_note(""), std::invalid_argument);
  EXPECT_THROW(key.sign_note("tab\there\n"), std::invalid_argument);
  EXPECT_THROW(key.sign_note("bad utf-8 \xC3\x28\n"), std::invalid_argument);
}

TEST_F(SignedNote, VerifierKeyParsingIsStrict) {
  const std::string vkey = key.verifier_key();
  const std::size_t p1 = vkey.find('+');
  const std::size_t p2 = vkey.find('+', p1 + 1);
  const std::string name = vkey.substr(0, p1);
  const std::string id = vkey.substr(p1 + 1, p2 - p1 - 1);
  const std::string b64 = vkey.substr(p2 + 1);
  const std::string wrong_id = (id[0] == '0' ? "1" : "0") + id.substr(1);
  const auto pk = key.public_key();
  const std::string pk_bytes(reinterpret_cast<const char*>(pk.data()), pk.size());

  const std::string bad[] = {
      "",
      name,
      name + "+" + id,
      name + "+" + wrong_id + "+" + b64,                                   // id does not match
      "another.example+" + id + "+" + b64,                                 // name does not match id
      name + "+" + id.substr(1) + "+" + b64,                               // short id
      name + "+" + id + "+" + b64.substr(1),                               // broken base64
      name + "+" + id + "+" + base64_encode("\x02" + pk_bytes),            // not Ed25519
      name + "+" + id + "+" + base64_encode("\x01" + pk_bytes.substr(1)),  // short key
      "+" + id + "+" + b64,                                                // empty name
  };
  for (const std::string& text : bad) {
    std::string error;
    EXPECT_FALSE(Verifier::parse(text, &error)) << text;
    EXPECT_FALSE(error.empty()) << text;
  }
  EXPECT_TRUE(Verifier::parse(vkey, nullptr));
}

TEST_F(SignedNote, KeyFileIsPrivateOneLineAndReloads) {
  const std::filesystem::path file = dir.path() / "keys" / "log.key";
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);

  const std::string text = read_file(file);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find('\n'), text.size() - 1);
  const std::optional<std::string> seed = base64_decode(text.substr(0, text.size() - 1));
  ASSERT_TRUE(seed);
  EXPECT_EQ(seed->size(), 32u);

  const SigningKey again = SigningKey::load_or_create(file, kName);
  EXPECT_EQ(again.public_key(), key.public_key());
  EXPECT_EQ(again.verifier_key(), key.verifier_key());
  EXPECT_EQ(read_file(file), text);  // loading does not rewrite the file

  // Notes signed by the reloaded key open with the first key's verifier.
  std::string error;
  EXPECT_EQ(open_note(again.sign_note(kText), verifier_of(key), &error), kText) << error;
}

TEST_F(SignedNote, MalformedKeyFilesAreRefusedNamingTheFile) {
  const std::string seed31 = base64_encode(std::string(31, 'k'));
  const std::string seed32 = base64_encode(std::string(32, 'k'));
  const std::string contents[] = {
      "",
      "\n",
      "not base64\n",
      seed31 + "\n",
      seed32 + "\n\n",
      seed32 + "\nextra\n",
      " " + seed32 + "\n",
      std::string(10000, 'A'),
  };
  int i = 0;
  for (const std::string& content : contents) {
    const std::filesystem::path file = dir.path() / ("bad" + std::to_string(i++) + ".key");
    write_file(file, content);
    try {
      SigningKey::load_or_create(file, kName);
      ADD_FAILURE() << "accepted a key file holding \"" << content << '"';
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_file(file), content);  // never overwritten
  }
  // Without the final newline the single line is still accepted.
  write_file(dir.path() / "bare.key", seed32);
  EXPECT_NO_THROW(SigningKey::load_or_create(dir.path() / "bare.key", kName));
}

TEST_F(SignedNote, InvalidKeyNamesAreRefused) {
  for (const char* name : {"", "has space", "a+b", "tab\tname", "nbsp\xC2\xA0name"}) {
    EXPECT_THROW(SigningKey::load_or_create(dir.path() / "n.key", name), std::invalid_argument)
        << name;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "n.key"));
}

// The example key of Go's golang.org/x/mod/sumdb/note package: deriving the
// verifier key from its seed and signing its example text must give the same
// bytes, so notes from this library open with the reference implementation.
TEST_F(SignedNote, MatchesTheGoReferenceExample) {
  // Go's private key "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALV..." is 0x01 || seed.
  const std::optional<std::string> skey =
      base64_decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
  ASSERT_TRUE(skey);
  write_file(dir.path() / "peter.key", base64_encode(skey->substr(1)) + "\n");
  const SigningKey peter = SigningKey::load_or_create(dir.path() / "peter.key", "PeterNeumann");
  EXPECT_EQ(peter.verifier_key(),
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");

  const std::string text =
      "If you think cryptography is the answer to your problem,\n"
      "then you don't know what your problem is.\n";
  EXPECT_EQ(peter.sign_note(text),
            text + "\n" + kEmDash +
                " PeterNeumann "
                "x08go/ZJkuBS9UG/"
                "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n");
}

// An auditor types or pastes the fingerprint: case and surrounding spaces do
// not matter, anything else that is not SHA256: and 64 hex digits is refused.
TEST(Fingerprint, ParsedInAnyCaseWithSpacesAroundAndRefusedWhenMalformed) {
  const std::array<std::uint8_t, 32> key{1, 2, 3};
  const std::string fp = fingerprint(key);
  ASSERT_EQ(fp.size(), 7u + 64u);
  std::string upper = fp;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string lower = fp;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& form :
       std::vector<std::string>{fp, upper, lower, " " + fp + " ", "\t" + fp, fp + "  \t"})
    EXPECT_EQ(parse_fingerprint(form), fp) << "'" << form << "'";
  const std::vector<std::string> malformed{"",
                                           "  ",
                                           "SHA256:zz",
                                           "SHA256:00",
                                           fp + "0",
                                           fp.substr(0, fp.size() - 1),
                                           "SHA1:" + fp.substr(7),
                                           "SHA256 " + fp.substr(7),
                                           fp.substr(7),
                                           fp.substr(0, 20) + " " + fp.substr(21),
                                           fp.substr(0, 70) + "g"};
  for (const auto& bad : malformed)
    EXPECT_EQ(parse_fingerprint(bad), std::nullopt) << "'" << bad << "'";
}

}  // namespace
}  // namespace vigie::evidence
