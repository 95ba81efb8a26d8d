// `vigie referentiel check FILE` as an operator runs it: the shipped file is
// valid, each kind of mistake is named with its line and column, and the
// contract's exit codes hold (0 valid, 1 errors in the file, 2 bad usage or
// an unreadable file).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "command.hpp"
#include "gateway_process.hpp"

using namespace vigie::testing;

namespace {

// The default referentiel shipped with the gateway (an absolute path from the build: __FILE__
// is relative under a compiler cache).
const std::filesystem::path kShipped = VIGIE_SHIPPED_REFERENTIEL;

// A small valid referentiel; each test breaks one line of it.
constexpr const char* kValid = R"(referentiel: cli-test
version: "0.1"
default_profile: floor
profiles:
  floor: {title: "the floor"}
criteria:
  - id: T-01
    title: "a long run"
    basis: GP
    sources: [test]
    kind: work_run
    severity: minor
    due_before: none
    profiles: [floor]
    params: {limit: 45min}
)";

using Outcome = CommandRun;

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class ReferentielCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-refcli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes TEXT as NAME in the test's folder and checks it.
  Outcome check(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return run_vigie("referentiel check " + (dir_ / name).string());
  }
  std::string at(const std::string& name, int line, int column) const {
    return (dir_ / name).string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
           ": ";
  }
  std::filesystem::path dir_;
};

}  // namespace

TEST_F(ReferentielCheck, ShippedDefaultIsValid) {
  ASSERT_TRUE(std::filesystem::exists(kShipped)) << kShipped;
  const auto r = run_vigie("referentiel check " + kShipped.string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find(": valid"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("referentiel vigie-fr-default, version 2026.1"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("20 criteria, 5 profiles"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("profile idcc2098-2h10 (default): 19 criteria"), std::string::npos)
      << r.output;
}

TEST_F(ReferentielCheck, SmallValidFileReportsItsIdVersionAndProfiles) {
  const auto r = check("ok.yaml", kValid);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("referentiel cli-test, version 0.1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 criterion, 1 profile"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("profile floor (default): 1 criterion"), std::string::npos) << r.output;
}

TEST_F(ReferentielCheck, YamlSyntaxErrorExitsOneWithLineAndColumn) {
  const auto r =
      check("syntax.yaml", replace(kValid, "{title: \"the floor\"}", "{title: \"the floor\""));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find(at("syntax.yaml", 6, 1) + "invalid YAML"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("syntax.yaml: 1 error\n"), std::string::npos) << r.output;
}

TEST_F(ReferentielCheck, UnknownKeyExitsOneWithLineAndColumn) {
  const auto r = check("key.yaml", replace(kValid, "    severity: minor\n",
                                           "    severity: minor\n    colour: blue\n"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find(at("key.yaml", 13, 5) + "unknown key 'colour'"), std::string::npos)
      << r.output;
}

TEST_F(ReferentielCheck, BadParameterTypeExitsOneWithLineAndColumn) {
  const auto r = check("type.yaml", replace(kValid, "limit: 45min", "limit: soon"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find(at("type.yaml", 15, 21) + "T-01: parameter 'limit': expected a duration"),
            std::string::npos)
      << r.output;
}

TEST_F(ReferentielCheck, UnknownKindExitsOneWithLineAndColumn) {
  const auto r = check("kind.yaml", replace(kValid, "kind: work_run", "kind: work_walk"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find(at("kind.yaml", 11, 11) + "T-01: unknown kind 'work_walk'"),
            std::string::npos)
      << r.output;
}

TEST_F(ReferentielCheck, EveryErrorIsListedInFileOrderThenCounted) {
  auto text = replace(kValid, "kind: work_run", "kind: work_walk");
  text = replace(text, "    severity: minor\n", "    severity: minor\n    colour: blue\n");
  const auto r = check("two.yaml", text);
  EXPECT_EQ(r.code, 1) << r.output;
  const auto kind = r.output.find(at("two.yaml", 11, 11));
  const auto key = r.output.find(at("two.yaml", 13, 5));
  ASSERT_NE(kind, std::string::npos) << r.output;
  ASSERT_NE(key, std::string::npos) << r.output;
  EXPECT_LT(kind, key) << r.output;
  EXPECT_NE(r.output.find("two.yaml: 2 errors\n"), std::string::npos) << r.output;
}

TEST_F(ReferentielCheck, MissingOrUnreadableFileExitsTwo) {
  auto r = run_vigie("referentiel check " + (dir_ / "none.yaml").string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("cannot read"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no such file"), std::string::npos) << r.output;
  r = run_vigie("referentiel check " + dir_.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("not a regular file"), std::string::npos) << r.output;
}

TEST_F(ReferentielCheck, BadUsageExitsTwo) {
  auto r = run_vigie("referentiel check");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("FILE is required"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("usage: vigie referentiel check FILE"), std::string::npos) << r.output;
  r = run_vigie("referentiel");
  EXPECT_EQ(r.code, 2) << r.output;
  r = run_vigie("referentiel chek x.yaml");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("unknown subcommand 'chek'"), std::string::npos) << r.output;
  r = run_vigie("referentiel check a.yaml b.yaml");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("unexpected argument 'b.yaml'"), std::string::npos) << r.output;
}

TEST_F(ReferentielCheck, HelpAndKindTableExitZero) {
  auto r = run_vigie("referentiel --help");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("usage: vigie referentiel check FILE"), std::string::npos);
  EXPECT_EQ(run_vigie("referentiel check --help").code, 0);
  EXPECT_NE(run_vigie("--help").output.find("referentiel check FILE"), std::string::npos);
  r = run_vigie("referentiel kinds");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("work_run (agent, accepts due_before)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("limit: duration, required"), std::string::npos) << r.output;
}
