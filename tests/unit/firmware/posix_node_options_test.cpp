// vigie-node's command line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "node_options.hpp"

namespace vigie::posix {
namespace {

ParseOutcome parse(std::vector<std::string> args, NodeOptions& out, std::string& error) {
  args.insert(args.begin(), "vigie-node");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return parse_node_options(static_cast<int>(argv.size()), argv.data(), out, error);
}

const std::vector<std::string> kRequired = {
    "--broker", "tcp://127.0.0.1:1883", "--site",  "paris-1", "--node", "acd-1",
    "--kind",   "acd-bridge",           "--store", "/tmp/x"};

TEST(NodeOptions, TakesTheRequiredOptionsWithDefaults) {
  NodeOptions o;
  std::string error;
  ASSERT_EQ(parse(kRequired, o, error), ParseOutcome::run) << error;
  EXPECT_EQ(o.site, "paris-1");
  EXPECT_EQ(o.kind, fw::NodeKind::acd_bridge);
  EXPECT_EQ(o.session.batch_max, 100u);
  EXPECT_EQ(o.session.batch_ms, 1000u);
  EXPECT_EQ(o.watermarks, WatermarkSource::input);
  EXPECT_EQ(o.session.beat_ms, 10000u);
  EXPECT_EQ(o.lateness_ms, 2000u);
  EXPECT_TRUE(fw::config_ok(o.session));
}

TEST(NodeOptions, TakesTheWatermarkSourceAndBeat) {
  struct Case {
    std::vector<std::string> extra;
    WatermarkSource source;
    std::uint32_t beat_ms, lateness_ms;
  };
  for (const Case& c : std::vector<Case>{
           {{"--watermarks", "input"}, WatermarkSource::input, 10000, 2000},
           {{"--watermarks", "off"}, WatermarkSource::off, 10000, 2000},
           {{"--watermarks", "clock"}, WatermarkSource::clock, 10000, 2000},
           {{"--watermarks", "clock", "--lateness", "500"}, WatermarkSource::clock, 10000, 500},
           {{"--beat", "0"}, WatermarkSource::input, 0, 2000},
           {{"--beat", "3"}, WatermarkSource::input, 3000, 2000},
       }) {
    NodeOptions o;
    std::string error;
    auto args = kRequired;
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    ASSERT_EQ(parse(args, o, error), ParseOutcome::run) << error;
    EXPECT_EQ(o.watermarks, c.source) << c.extra[0];
    EXPECT_EQ(o.session.beat_ms, c.beat_ms) << c.extra[0];
    EXPECT_EQ(o.lateness_ms, c.lateness_ms) << c.extra[0];
    EXPECT_TRUE(fw::config_ok(o.session));
  }
}

TEST(NodeOptions, TakesBatchLimits) {
  NodeOptions o;
  std::string error;
  auto args = kRequired;
  args.insert(args.end(), {"--batch-max", "1000", "--batch-ms", "50", "--drain-timeout", "0"});
  ASSERT_EQ(parse(args, o, error), ParseOutcome::run) << error;
  EXPECT_EQ(o.session.batch_max, 1000u);
  EXPECT_EQ(o.session.batch_ms, 50u);
  EXPECT_EQ(o.drain_timeout_s, 0u);
  EXPECT_TRUE(fw::config_ok(o.session));
}

TEST(NodeOptions, TakesAnAsteriskSource) {
  NodeOptions o;
  std::string error;
  auto args = kRequired;
  args.insert(args.end(), {"--source", "asterisk-queue-log", "/var/log/asterisk/queue_log",
                           "--since", "2025-12-01T08:00:00+01:00", "--roster", "roster.csv",
                           "--pause-reasons", "reasons.csv", "--team", "sav-1", "--wrapup", "15",
                           "--idle-logout", "90", "--lateness", "3000", "--no-follow"});
  ASSERT_EQ(parse(args, o, error), ParseOutcome::run) << error;
  EXPECT_EQ(o.source.kind, SourceKind::asterisk_queue_log);
  EXPECT_EQ(o.source.path, "/var/log/asterisk/queue_log");
  EXPECT_TRUE(o.source.has_since);
  EXPECT_EQ(o.source.since_ms, 1764572400000);
  EXPECT_EQ(o.source.roster, "roster.csv");
  EXPECT_EQ(o.source.pause_reasons, "reasons.csv");
  EXPECT_EQ(o.source.team, "sav-1");
  EXPECT_EQ(o.source.wrapup_ms, 15000);
  EXPECT_EQ(o.source.idle_logout_ms, 90 * 60000);
  EXPECT_EQ(o.lateness_ms, 3000u);
  EXPECT_FALSE(o.source.follow);
}

TEST(NodeOptions, NamesTheOptionAtFault) {
  struct Case {
    std::vector<std::string> extra;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"--batch-max", "1001"}, "--batch-max must be an integer in 1..1000, got '1001'"},
           {{"--batch-max", "0"}, "--batch-max must be an integer in 1..1000, got '0'"},
           {{"--batch-ms", "-5"}, "--batch-ms must be an integer in 0..3600000, got '-5'"},
           {{"--kind", "phone"}, "--kind must be acd-bridge, desk or sensor, got 'phone'"},
           {{"--site", "paris 1"}, "--site must be 1-64 chars of A-Za-z0-9._-"},
           {{"--colour", "blue"}, "unknown option '--colour'"},
           {{"--store"}, "--store needs a value"},
           {{"--watermarks", "wall"}, "--watermarks must be input, clock or off, got 'wall'"},
           {{"--watermarks"}, "--watermarks needs a value"},
           {{"--beat", "-1"}, "--beat must be an integer in 0..3600, got '-1'"},
           {{"--beat", "1.5"}, "--beat must be an integer in 0..3600, got '1.5'"},
           {{"--lateness", "x", "--watermarks", "clock"},
            "--lateness must be an integer in 0..3600000, got 'x'"},
           {{"--lateness", "500"}, "--lateness needs --watermarks clock or --source"},
           {{"--source", "avaya", "x.csv"},
            "--source must be asterisk-queue-log, mapped or schedule, got 'avaya'"},
           {{"--source", "mapped", "x.json"}, "--source mapped needs --map FILE"},
           {{"--zone", "Europe/London"}, "--zone needs --source"},
           {{"--source", "asterisk-queue-log", "q", "--map", "m"}, "--map needs --source mapped"},
           {{"--source", "asterisk-queue-log"},
            "--source needs a kind and a path (--source asterisk-queue-log PATH)"},
           {{"--since", "2025-12-01T08:00:00Z"}, "--since needs --source"},
           {{"--roster", "r.csv"}, "--roster needs --source"},
           {{"--idle-logout", "30"}, "--idle-logout needs --source"},
           {{"--source", "asterisk-queue-log", "q", "--since", "2025-12-01 08:00"},
            "--since must be a date and time with its zone (2025-12-01T08:00:00+01:00, ...Z) or "
            "ms since the epoch, got '2025-12-01 08:00'"},
           {{"--source", "asterisk-queue-log", "q", "--team", "sav 1"},
            "--team must be 1-64 chars of A-Za-z0-9._-"},
           {{"--source", "asterisk-queue-log", "q", "--wrapup", "-3"},
            "--wrapup must be an integer in 0..3600, got '-3'"},
           {{"--source", "asterisk-queue-log", "q", "--watermarks", "clock"},
            "--watermarks clock is for stdin; a --source vouches for its own time (or: off)"},
       }) {
    NodeOptions o;
    std::string error;
    auto args = kRequired;
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    EXPECT_EQ(parse(args, o, error), ParseOutcome::bad);
    EXPECT_EQ(error, c.message);
  }
}

TEST(NodeOptions, SaysWhichRequiredOptionIsMissing) {
  NodeOptions o;
  std::string error;
  auto args = kRequired;
  args.erase(args.begin() + 6, args.begin() + 8);  // --kind
  EXPECT_EQ(parse(args, o, error), ParseOutcome::bad);
  EXPECT_EQ(error, "--kind is required");
  EXPECT_EQ(parse({"--help"}, o, error), ParseOutcome::help);
}

std::vector<std::string> with_tls(std::vector<std::string> extra) {
  std::vector<std::string> args = {"--broker", "ssl://127.0.0.1:8883",
                                   "--site",   "paris-1",
                                   "--node",   "acd-1",
                                   "--kind",   "desk",
                                   "--store",  "/tmp/x"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(NodeOptions, TakesTlsFilesAndCredentials) {
  NodeOptions o;
  std::string error;
  ASSERT_EQ(parse(with_tls({"--ca-file", "ca.pem", "--cert-file", "acd-1.pem", "--key-file",
                            "acd-1.key", "--username", "acd-1", "--password-file", "pw"}),
                  o, error),
            ParseOutcome::run)
      << error;
  EXPECT_EQ(o.ca_file, "ca.pem");
  EXPECT_EQ(o.cert_file, "acd-1.pem");
  EXPECT_EQ(o.key_file, "acd-1.key");
  EXPECT_EQ(o.username, "acd-1");
  EXPECT_EQ(o.password_file, "pw");
}

TEST(NodeOptions, RefusesInconsistentSecurityOptions) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  auto plain = [](std::vector<std::string> extra) {
    auto args = kRequired;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  for (const Case& c : std::vector<Case>{
           {plain({"--ca-file", "ca.pem"}), "--ca-file needs an ssl:// broker"},
           {plain({"--cert-file", "c.pem", "--key-file", "c.key"}),
            "--cert-file needs an ssl:// broker"},
           {with_tls({"--cert-file", "c.pem"}), "--cert-file needs --key-file"},
           {with_tls({"--key-file", "c.key"}), "--key-file needs --cert-file"},
           {with_tls({"--password-file", "pw"}), "--password-file needs --username"},
           {with_tls({"--username", ""}), "--username must not be empty"},
           {with_tls({"--ca-file"}), "--ca-file needs a value"},
           {{"--broker", "http://x", "--site", "s", "--node", "n", "--kind", "desk", "--store",
             "f"},
            "--broker must start with tcp:// or ssl://, got 'http://x'"},
       }) {
    NodeOptions o;
    std::string error;
    EXPECT_EQ(parse(c.args, o, error), ParseOutcome::bad) << c.message;
    EXPECT_EQ(error, c.message);
  }
}

class NodeSecrets : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-node-secrets-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string file(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::filesystem::path dir_;
};

TEST_F(NodeSecrets, ReadsThePasswordFromTheFirstLine) {
  NodeOptions o;
  o.username = "acd-1";
  o.password_file = file("pw", "s3cret:with spaces\r\nsecond line\n");
  o.ca_file = file("ca.pem", "x");
  std::string error;
  ASSERT_TRUE(load_node_secrets(o, error)) << error;
  EXPECT_EQ(o.password, "s3cret:with spaces");
}

TEST_F(NodeSecrets, NamesTheOptionAndFileThatCannotBeUsed) {
  NodeOptions o;
  std::string error;
  o.cert_file = (dir_ / "missing.pem").string();
  EXPECT_FALSE(load_node_secrets(o, error));
  EXPECT_EQ(error, "--cert-file " + o.cert_file + ": cannot read (No such file or directory)");

  NodeOptions empty;
  empty.password_file = file("empty", "\n");
  EXPECT_FALSE(load_node_secrets(empty, error));
  EXPECT_EQ(error, "--password-file " + empty.password_file + ": the first line is empty");
}

}  // namespace
}  // namespace vigie::posix
