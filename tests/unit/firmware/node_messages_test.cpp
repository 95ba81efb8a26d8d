// Birth and state payloads, ack and cmd parsing.
#include "core/node_messages.hpp"

#include <gtest/gtest.h>

#include <string>

#include "bad_payloads.hpp"

namespace vigie::fw {
namespace {

constexpr std::uint64_t kEpoch = 0x9f2c41d07a3be810;

const std::uint8_t* bytes(const std::string& s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

NodeIdentity acd1() {
  NodeIdentity id;
  EXPECT_TRUE(make_identity("paris-1", "acd-1", NodeKind::acd_bridge, "1.0.0", id));
  return id;
}

TEST(NodeMessages, BuildsTheNodeTopics) {
  NodeTopics t;
  make_topics(acd1(), t);
  EXPECT_EQ(t.birth.view(), "vigie/v1/paris-1/node/acd-1/birth");
  EXPECT_EQ(t.state.view(), "vigie/v1/paris-1/node/acd-1/state");
  EXPECT_EQ(t.evt.view(), "vigie/v1/paris-1/node/acd-1/evt");
  EXPECT_EQ(t.ack.view(), "vigie/v1/paris-1/node/acd-1/ack");
  EXPECT_EQ(t.cmd.view(), "vigie/v1/paris-1/node/acd-1/cmd");
}

TEST(NodeMessages, TopicsHoldTheLongestIds) {
  NodeIdentity id;
  std::string longest(kIdMax, 'x');
  ASSERT_TRUE(make_identity(longest, longest, NodeKind::desk, "1.0.0", id));
  NodeTopics t;
  make_topics(id, t);
  EXPECT_EQ(t.birth.view(), "vigie/v1/" + longest + "/node/" + longest + "/birth");
}

TEST(NodeMessages, RefusesAnInvalidIdentity) {
  NodeIdentity id;
  EXPECT_FALSE(make_identity("paris 1", "acd-1", NodeKind::desk, "1.0.0", id));
  EXPECT_FALSE(make_identity("paris-1", "", NodeKind::desk, "1.0.0", id));
  EXPECT_FALSE(make_identity("paris-1", "acd-1", NodeKind::desk, "", id));
  EXPECT_FALSE(make_identity("paris-1", "acd-1", NodeKind::desk, std::string(40, '1'), id));
}

TEST(NodeMessages, WritesBirthAsTheContractShows) {
  char buf[kControlPayloadMax];
  std::size_t n = write_birth(acd1(), kEpoch, 1764489600123, buf, sizeof buf);
  EXPECT_EQ(
      std::string(buf, n),
      R"({"v":1,"node":"acd-1","epoch":"9f2c41d07a3be810","kind":"acd-bridge","fw":"1.0.0","ts":1764489600123})");
}

TEST(NodeMessages, WritesEachState) {
  char buf[kControlPayloadMax];
  std::size_t n = write_state(NodeStatus::online, kEpoch, 5, buf, sizeof buf);
  EXPECT_EQ(std::string(buf, n), R"({"state":"online","epoch":"9f2c41d07a3be810","ts":5})");
  n = write_state(NodeStatus::offline, 1, 6, buf, sizeof buf);
  EXPECT_EQ(std::string(buf, n), R"({"state":"offline","epoch":"0000000000000001","ts":6})");
  n = write_state(NodeStatus::lost, kEpoch, 7, buf, sizeof buf);
  EXPECT_EQ(std::string(buf, n), R"({"state":"lost","epoch":"9f2c41d07a3be810","ts":7})");
  EXPECT_EQ(write_state(NodeStatus::lost, kEpoch, 7, buf, 10), 0u);
}

TEST(NodeMessages, ParsesAnAckInAnyMemberOrderWithUnknownMembers) {
  Ack ack;
  std::string s = R"({"ts":1764489600999,"seq":1043,"extra":{"a":[1]},"epoch":"9F2C41D07A3BE810"})";
  ASSERT_TRUE(parse_ack(bytes(s), s.size(), ack));
  EXPECT_EQ(ack.epoch, kEpoch);
  EXPECT_EQ(ack.seq, 1043u);
}

TEST(NodeMessages, ParsesResyncAndNudge) {
  Command cmd;
  std::string resync = R"({"cmd":"resync","epoch":"9f2c41d07a3be810","from_seq":17})";
  ASSERT_TRUE(parse_command(bytes(resync), resync.size(), cmd));
  EXPECT_EQ(cmd.kind, Command::Kind::resync);
  EXPECT_EQ(cmd.epoch, kEpoch);
  EXPECT_EQ(cmd.from_seq, 17u);

  std::string nudge =
      R"({"cmd":"nudge","agent":"4012","criterion":"BRK-01","text":"Pause conseill\u00e9e \"maintenant\""})";
  ASSERT_TRUE(parse_command(bytes(nudge), nudge.size(), cmd));
  EXPECT_EQ(cmd.kind, Command::Kind::nudge);
  EXPECT_EQ(cmd.agent.view(), "4012");
  EXPECT_EQ(cmd.criterion.view(), "BRK-01");
  EXPECT_EQ(cmd.text.view(),
            "Pause conseill\xc3\xa9"
            "e \"maintenant\"");
}

TEST(NodeMessages, CutsALongNudgeTextInsteadOfDroppingTheNudge) {
  Command cmd;
  std::string s = R"({"cmd":"nudge","agent":"4012","criterion":"BRK-01","text":")" +
                  std::string(1000, 'x') + "\"}";
  ASSERT_TRUE(parse_command(bytes(s), s.size(), cmd));
  EXPECT_EQ(cmd.text.size(), kNudgeTextMax);
}

TEST(NodeMessages, RefusesBadAcksAndCommands) {
  for (const std::string& s : testing::bad_control_payloads()) {
    Ack ack;
    Command cmd;
    bool ack_ok = parse_ack(bytes(s), s.size(), ack);
    bool cmd_ok = parse_command(bytes(s), s.size(), cmd);
    // Those written as acks must fail as acks, those written as commands as commands.
    const bool meant_as_command = s.find("\"cmd\"") != std::string::npos;
    EXPECT_FALSE(meant_as_command ? cmd_ok : ack_ok) << s.substr(0, 80);
  }
}

TEST(NodeMessages, SurvivesEveryTruncationOfAValidPayload) {
  std::string ack = R"({"epoch":"9f2c41d07a3be810","seq":1043,"ts":1764489600999})";
  std::string nudge =
      R"({"cmd":"nudge","agent":"4012","criterion":"BRK-01","text":"\u00e9t\u00e9"})";
  for (std::size_t n = 0; n < ack.size(); ++n) {
    Ack a;
    EXPECT_FALSE(parse_ack(bytes(ack), n, a)) << n;
  }
  for (std::size_t n = 0; n < nudge.size(); ++n) {
    Command c;
    EXPECT_FALSE(parse_command(bytes(nudge), n, c)) << n;
  }
}

}  // namespace
}  // namespace vigie::fw
