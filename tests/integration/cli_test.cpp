// The vigie command line with bad input: a clear message and the contract's
// exit codes (2 bad usage or input, 1 a problem found), never a crash.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "broker.hpp"
#include "command.hpp"
#include "gateway_process.hpp"

using namespace vigie::testing;

namespace {

using Run = CommandRun;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::filesystem::path dir_;
};

}  // namespace

TEST_F(Cli, VersionAndHelpSucceed) {
  EXPECT_EQ(run_vigie("--version").code, 0);
  EXPECT_NE(run_vigie("--version").output.find("vigie "), std::string::npos);
  EXPECT_EQ(run_vigie("gateway --help").code, 0);
}

// Every command `vigie --help` lists answers its own --help with exit 0 and its usage
// (`report self-assessment --help` once answered "unexpected argument").
TEST_F(Cli, EveryListedCommandAnswersItsHelp) {
  const auto top = run_vigie("--help");
  ASSERT_EQ(top.code, 0);
  std::istringstream lines(top.output.substr(top.output.find("commands:")));
  int commands = 0;
  for (std::string line; std::getline(lines, line);) {
    // "  audit export --config FILE ...": the words before the first option or operand.
    if (line.rfind("  ", 0) != 0 || line.size() < 3 || line[2] < 'a' || line[2] > 'z') continue;
    std::istringstream words(line);
    std::string command, word;
    while (words >> word && word[0] >= 'a' && word[0] <= 'z')
      command += (command.empty() ? "" : " ") + word;
    const auto r = run_vigie(command + " --help");
    EXPECT_EQ(r.code, 0) << command << ": " << r.output;
    EXPECT_NE(r.output.find("usage: vigie " + command.substr(0, command.find(' '))),
              std::string::npos)
        << command << ": " << r.output;
    ++commands;
  }
  EXPECT_GE(commands, 12) << top.output;
}

// --help anywhere on the line answers the help and does nothing else: the other
// arguments are not read (a missing file, a pack that is not there).
TEST_F(Cli, HelpAfterOtherArgumentsAnswersTheHelpAndDoesNothing) {
  const auto missing = (dir_ / "none.yaml").string();
  auto r = run_vigie("gateway --config " + missing + " --help");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("usage: vigie gateway"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("cannot open"), std::string::npos) << r.output;
  r = run_vigie("audit verify " + (dir_ / "no-pack").string() + " --help");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("usage: vigie audit verify"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "none.yaml"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "no-pack"));
}

TEST_F(Cli, BadUsageExitsTwoWithAMessage) {
  auto r = run_vigie("");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("usage"), std::string::npos);
  r = run_vigie("fly");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("unknown command 'fly'"), std::string::npos);
  r = run_vigie("gateway");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--config FILE is required"), std::string::npos);
  r = run_vigie("gateway --config");
  EXPECT_EQ(r.code, 2);
  r = run_vigie("gateway --confg x.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("unexpected argument '--confg'"), std::string::npos);
}

TEST_F(Cli, MissingOrBadConfigExitsTwoNamingTheProblem) {
  auto r = run_vigie("gateway --config " + (dir_ / "none.yaml").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("cannot open configuration file"), std::string::npos) << r.output;
  const auto bad = write("bad.yaml", "site: paris-1\nstore:\n  pth: x.db\n");
  r = run_vigie("gateway --config " + bad);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("bad.yaml:3: store.pth: unknown key"), std::string::npos) << r.output;
}

TEST_F(Cli, CorruptStoreFileExitsOneAndIsLeftAsItWas) {
  const std::string garbage(8192, '\x5a');
  write("vigie.db", garbage);
  const auto cfg = write("vigie.yaml",
                         "site: paris-1\nstore:\n  path: vigie.db\n"
                         "broker:\n  url: tcp://127.0.0.1:1\n");
  auto r = run_vigie("gateway --config " + cfg);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("is damaged: file is not a database"), std::string::npos) << r.output;
  std::ifstream in(dir_ / "vigie.db", std::ios::binary);
  std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(after, garbage) << "a corrupt store is never overwritten";
}

TEST_F(Cli, StoreFromANewerBuildIsRefused) {
  const auto cfg = write("vigie.yaml",
                         "site: paris-1\nstore:\n  path: vigie.db\n"
                         "broker:\n  url: tcp://127.0.0.1:1\n");
  ASSERT_EQ(std::system(("sqlite3 " + (dir_ / "vigie.db").string() +
                         " 'PRAGMA user_version=999; CREATE TABLE t(x);'")
                            .c_str()),
            0);
  auto r = run_vigie("gateway --config " + cfg);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("newer than this build"), std::string::npos) << r.output;
}

TEST_F(Cli, ReplayRefusesABadCaptureLineNamingIt) {
  const auto cfg = write("vigie.yaml", "site: paris-1\n");
  const auto good =
      std::string("{\"topic\":\"vigie/v1/paris-1/node/acd-1/evt\",\"payload_text\":\"{oops\"}\n");
  auto r =
      run_vigie("replay --config " + cfg + " --input " + write("a.jsonl", good + "not json\n"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("a.jsonl:2: not a JSON object"), std::string::npos) << r.output;
  r = run_vigie("replay --config " + cfg + " --input " + write("b.jsonl", "{\"payload\":{}}\n"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("b.jsonl:1: missing \"topic\""), std::string::npos) << r.output;
  r = run_vigie("replay --config " + cfg + " --input " +
                write("c.jsonl", "{\"topic\":\"t\",\"payload_b64\":\"!!\"}\n"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("c.jsonl:1: bad payload_b64"), std::string::npos) << r.output;
  r = run_vigie("replay --config " + cfg + " --input " +
                write("e.jsonl", "{\"topic\":\"t\",\"at\":\"soon\",\"payload\":{}}\n"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("e.jsonl:1: \"at\" must be an integer"), std::string::npos) << r.output;
  r = run_vigie("replay --config " + cfg + " --input " + (dir_ / "none.jsonl").string());
  EXPECT_EQ(r.code, 2);
  r = run_vigie("replay --input x");
  EXPECT_EQ(r.code, 2);
  // Bad MQTT payloads inside a valid capture are not bad usage: quarantined, replay goes on.
  r = run_vigie("replay --config " + cfg + " --input " + write("d.jsonl", good));
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("1 quarantined"), std::string::npos) << r.output;
}

// A capture's "at" is the gateway's clock in a replay: a time more than max_skew past it is
// refused as it was live; without "at", the capture's own times stand.
TEST_F(Cli, ReplayJudgesTimesAgainstTheCapturesAt) {
  const auto cfg = write("vigie.yaml", "site: paris-1\n");
  const std::string batch =
      "\"payload\":{\"v\":1,\"node\":\"acd-1\",\"epoch\":\"9f2c41d07a3be810\",\"events\":["
      "{\"seq\":1,\"ts\":1796018400000,\"type\":\"agent.state\",\"agent\":\"4012\","
      "\"team\":\"sav-1\",\"state\":\"available\"}]}";
  const std::string topic = "{\"topic\":\"vigie/v1/paris-1/node/acd-1/evt\",";
  auto r = run_vigie("replay --config " + cfg + " --input " +
                     write("late.jsonl", topic + "\"at\":1796014800000," + batch + "}\n"));
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("0 events stored"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 quarantined"), std::string::npos) << "an hour ahead of its at";
  r = run_vigie("replay --config " + cfg + " --input " +
                write("plain.jsonl", topic + batch + "}\n"));
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("1 events stored"), std::string::npos) << r.output;
}

TEST_F(Cli, ConfigCheckPrintsEveryErrorInFileOrder) {
  const auto bad = write("bad.yaml",
                         "site: paris-1\n"
                         "timezone: Mars/Olympus\n"
                         "broker:\n  colour: blue\n"
                         "tokens:\n  - {name: m, role: boss, sha256: \"00\"}\n"
                         "nonsense: 1\n"
                         "retention:\n  raw_days: 0\n");
  auto r = run_vigie("config check " + bad);
  EXPECT_EQ(r.code, 1) << r.output;
  const std::vector<std::string> lines = {
      "bad.yaml:2: timezone: unknown IANA time zone 'Mars/Olympus'",
      "bad.yaml:4: broker.colour: unknown key",
      "bad.yaml:6: tokens[0].role: must be manager, auditor, admin or cse",
      "bad.yaml:7: nonsense: unknown key",
      "bad.yaml:9: retention.raw_days: must be between 1 and 36500",
      "bad.yaml: 5 errors",
  };
  std::size_t at = 0;
  for (const auto& line : lines) {
    const auto found = r.output.find(line, at);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << line << "\n" << r.output;
    at = found + line.size();
  }
  // Nothing was created beside the file: no store, no keys.
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "secrets"));
}

TEST_F(Cli, ConfigCheckPassesAGoodFileAndChecksItsReferentiel) {
  auto r = run_vigie("config check " + write("ok.yaml", "site: paris-1\n"));
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("ok.yaml: valid (site paris-1"), std::string::npos) << r.output;
  r = run_vigie("config check " +
                write("profile.yaml", "site: paris-1\nreferentiel:\n  profile: nowhere\n"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("nowhere"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 error (in the referentiel it names)"), std::string::npos) << r.output;
  r = run_vigie("config check " + write("yaml.yaml", "site: [\n"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("invalid YAML"), std::string::npos) << r.output;
  r = run_vigie("config check " + (dir_ / "none.yaml").string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("no such file"), std::string::npos) << r.output;
  EXPECT_EQ(run_vigie("config").code, 2);
  EXPECT_EQ(run_vigie("config lint x.yaml").code, 2);
  EXPECT_EQ(run_vigie("config check a.yaml b.yaml").code, 2);
  EXPECT_EQ(run_vigie("config --help").code, 0);
}

TEST_F(Cli, TokenNewPrintsATokenOnceThatTheGatewayAccepts) {
  const auto a = run_vigie("token new --name manager-2 --role manager");
  ASSERT_EQ(a.code, 0) << a.output;
  // "# ...", the token, "# ...", the YAML line.
  std::vector<std::string> lines;
  std::istringstream in(a.output);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 4u) << a.output;
  const std::string token = lines[1];
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos) << token;
  EXPECT_EQ(lines[3].rfind("  - {name: manager-2, role: manager, sha256: \"", 0), 0u) << lines[3];
  EXPECT_EQ(a.output.find(token, a.output.find(token) + 1), std::string::npos)
      << "the token itself is printed once";
  const auto b = run_vigie("token new --name manager-2 --role manager");
  EXPECT_EQ(b.output.find(token), std::string::npos) << "a new token each time";

  EXPECT_EQ(run_vigie("token new --name manager-2").code, 2);
  EXPECT_EQ(run_vigie("token new --role manager").code, 2);
  EXPECT_EQ(run_vigie("token new --name 'a b' --role manager").code, 2);
  const auto bad_role = run_vigie("token new --name x --role boss");
  EXPECT_EQ(bad_role.code, 2);
  EXPECT_NE(bad_role.output.find("--role must be manager, auditor, admin or cse, got 'boss'"),
            std::string::npos)
      << bad_role.output;
  EXPECT_EQ(run_vigie("token rotate").code, 2);

  // The printed line, pasted under tokens:, lets its holder in; nothing else does.
  Broker broker(dir_ / "broker");
  GatewayProcess gateway(dir_ / "gateway", broker.url());
  gateway.terminate();
  std::string config;
  {
    std::ifstream f(gateway.config_path());
    config.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  const auto at = config.find("tokens:\n");
  ASSERT_NE(at, std::string::npos) << config;
  config.insert(at + 8, lines[3] + "\n");
  std::ofstream(gateway.config_path()) << config;
  EXPECT_EQ(run_vigie("config check " + gateway.config_path().string()).code, 0);
  gateway.start();
  EXPECT_EQ(http_get(gateway.http_port(), "/api/v1/agents", token).substr(0, 3), "200");
  EXPECT_EQ(http_get(gateway.http_port(), "/api/v1/audit/pack?from=2026-01-01&to=2026-01-02", token)
                .substr(0, 3),
            "403")
      << "a manager's token";
  EXPECT_EQ(http_get(gateway.http_port(), "/api/v1/agents", std::string(64, 'a')).substr(0, 3),
            "401");
}
