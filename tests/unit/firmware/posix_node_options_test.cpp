// vigie-node's command line.
#include <gtest/gtest.h>

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
  EXPECT_TRUE(fw::config_ok(o.session));
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

}  // namespace
}  // namespace vigie::posix
