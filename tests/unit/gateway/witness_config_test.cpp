// Bad input to the witness's own configuration file and to a gateway's
// evidence.witnesses: each error names the file, the line and the key.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>

#include "config/config.hpp"
#include "evidence/cosignature.hpp"
#include "evidence/signed_note.hpp"

namespace vigie {
namespace {

class WitnessConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-witness-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    const auto site = evidence::SigningKey::load_or_create(dir_ / "site.key", "vigie/p/gw");
    site_vkey_ = site.verifier_key();
    const auto witness = evidence::SigningKey::load_or_create(dir_ / "w.key", "w.example/vigie");
    witness_vkey_ = evidence::witness_verifier_key(witness);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string witness_error(const std::string& text) {
    try {
      parse_witness_config(text, "witness.yaml", dir_);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "<no error>";
  }
  std::string gateway_error(const std::string& witnesses) {
    try {
      parse_config("site: p\nevidence:\n  witnesses:\n" + witnesses, "vigie.yaml", dir_);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "<no error>";
  }

  std::filesystem::path dir_;
  std::string site_vkey_, witness_vkey_;
};

TEST_F(WitnessConfigTest, AGoodFileReads) {
  const auto w = parse_witness_config(
      "name: w.example/vigie\nlogs:\n  - {origin: vigie/p/gw, key: " + site_vkey_ + "}\n",
      "witness.yaml", dir_);
  EXPECT_EQ(w.name, "w.example/vigie");
  ASSERT_EQ(w.logs.size(), 1u);
  EXPECT_EQ(w.logs[0].origin, "vigie/p/gw");
}

TEST_F(WitnessConfigTest, TheWitnessFileNamesEachMistake) {
  const std::string log = "  - {origin: vigie/p/gw, key: " + site_vkey_ + "}\n";
  EXPECT_EQ(witness_error(""), "witness.yaml: name: missing required key");
  EXPECT_NE(witness_error("name: [\n").find("invalid YAML"), std::string::npos);
  EXPECT_NE(witness_error("name: w x\nlogs:\n" + log).find("witness.yaml:1: name: must be a key"),
            std::string::npos);
  EXPECT_NE(witness_error("name: w\ncolour: red\nlogs:\n" + log)
                .find("witness.yaml:2: colour: unknown key"),
            std::string::npos);
  EXPECT_NE(witness_error("name: w\n").find("logs: must be a list"), std::string::npos);
  EXPECT_NE(witness_error("name: w\nlogs:\n  - {origin: vigie/p/gw, key: nonsense}\n")
                .find("witness.yaml:3: logs[0].key: not a verifier key"),
            std::string::npos);
  EXPECT_NE(
      witness_error("name: w\nlogs:\n" + log + log).find("logs[1].origin: empty or listed twice"),
      std::string::npos);
  EXPECT_NE(witness_error("name: w\nlogs:\n  - {origin: vigie/p/gw}\n")
                .find("logs[0].key: missing required key"),
            std::string::npos);
}

TEST_F(WitnessConfigTest, AGatewaysWitnessesAreCheckedAsTheyAreRead) {
  EXPECT_NE(gateway_error("    - {url: ftp://w.example, key: " + witness_vkey_ + "}\n")
                .find("vigie.yaml:4: evidence.witnesses[0].url"),
            std::string::npos);
  EXPECT_NE(gateway_error("    - {url: https://w.example, key: nonsense}\n")
                .find("evidence.witnesses[0].key: not a verifier key"),
            std::string::npos);
  EXPECT_NE(gateway_error("    - {key: " + witness_vkey_ + "}\n")
                .find("evidence.witnesses[0].url: missing required key"),
            std::string::npos);
  EXPECT_NE(gateway_error("    - {url: https://w.example, key: " + witness_vkey_ +
                          ", ca_file: none.pem}\n")
                .find("evidence.witnesses[0].ca_file: no such file"),
            std::string::npos);
  EXPECT_NE(gateway_error("    - {url: https://a.example, key: " + witness_vkey_ + "}\n" +
                          "    - {url: https://b.example, key: " + witness_vkey_ + "}\n")
                .find("evidence.witnesses[1].key: listed twice"),
            std::string::npos);
}

}  // namespace
}  // namespace vigie
