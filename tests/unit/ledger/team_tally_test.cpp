// Agents' days added up per team, and small teams merged so that no group describes fewer
// than five agents (issue 19).
#include "summary/team_tally.hpp"

#include <gtest/gtest.h>

namespace vigie::summary {
namespace {

using nlohmann::json;

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kMin = 60'000;

AgentDay day(const std::string& agent, const std::string& team, const std::string& brk01,
             std::int64_t work_ms = 7 * kHour, json pauses = json::array()) {
  return {agent,
          {{"agent", agent},
           {"work_ms", work_ms},
           {"pause_ms", 0},
           {"pauses", std::move(pauses)},
           {"criteria", {{"BRK-01", brk01}}}},
          team};
}

// N agents named PREFIX-0.. in TEAM, one held day each.
std::vector<AgentDay> team_of(const std::string& team, int n) {
  std::vector<AgentDay> days;
  for (int i = 0; i < n; ++i) days.push_back(day(team + "-a" + std::to_string(i), team, "held"));
  return days;
}

std::vector<AgentDay> join(std::initializer_list<std::vector<AgentDay>> parts) {
  std::vector<AgentDay> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(TeamTally, CountsVerdictsPerCriterionAndTheShareThatHeld) {
  const std::vector<AgentDay> days = {day("a", "t", "held"), day("b", "t", "breached"),
                                      day("c", "t", "justified"), day("d", "t", "no_data"),
                                      day("a", "t", "breached")};
  const auto teams = tally_by_team(days, std::nullopt);
  ASSERT_EQ(teams.size(), 1u);
  const auto& t = teams.at("t");
  EXPECT_EQ(t.agent_days, 5);
  EXPECT_EQ(t.agents.size(), 4u);
  const auto& c = t.criteria.at("BRK-01");
  EXPECT_EQ(c.held, 1);
  EXPECT_EQ(c.breached, 2);
  EXPECT_EQ(c.justified, 1);
  EXPECT_EQ(c.no_data, 1);
  EXPECT_DOUBLE_EQ(*c.held_share(), 0.5);  // (1 held + 1 justified) / 4 judged
  EXPECT_FALSE(VerdictCounts{}.held_share().has_value());
}

TEST(TeamTally, PausesDueAreOnePerQuotaOfWorkAndOnlyLongEnoughPausesCount) {
  const PauseQuota quota{2 * kHour, 10 * kMin};
  const json pauses = json::array({{{"start", 0}, {"ms", 10 * kMin}},
                                   {{"start", 1}, {"ms", 9 * kMin}},
                                   {{"start", 2}, {"ms", 25 * kMin}}});
  const auto teams = tally_by_team({day("a", "t", "held", 7 * kHour, pauses)}, quota);
  EXPECT_EQ(teams.at("t").pauses_due, 3);    // 7 h: three whole quotas of 2 h
  EXPECT_EQ(teams.at("t").pauses_taken, 2);  // the 9-minute one does not count
  const auto none = tally_by_team({day("a", "t", "held", 7 * kHour, pauses)}, std::nullopt);
  EXPECT_EQ(none.at("t").pauses_due, 0);
}

TEST(TeamTally, TeamsOfFiveOrMoreStayAlone) {
  const auto groups =
      merge_small_teams(tally_by_team(join({team_of("a", 5), team_of("b", 6)}), std::nullopt));
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].teams, std::vector<std::string>{"a"});
  EXPECT_EQ(groups[1].teams, std::vector<std::string>{"b"});
}

TEST(TeamTally, ASmallTeamJoinsItsNextNeighbour) {
  const auto groups = merge_small_teams(
      tally_by_team(join({team_of("a", 2), team_of("b", 5), team_of("c", 7)}), std::nullopt));
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].teams, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(groups[0].agents.size(), 7u);
  EXPECT_EQ(groups[0].agent_days, 7);
  EXPECT_EQ(groups[0].criteria.at("BRK-01").held, 7);
  EXPECT_EQ(groups[1].teams, std::vector<std::string>{"c"});
}

TEST(TeamTally, ASmallLastTeamJoinsThePreviousOne) {
  const auto groups =
      merge_small_teams(tally_by_team(join({team_of("a", 6), team_of("b", 1)}), std::nullopt));
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].teams, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(groups[0].agents.size(), 7u);
}

TEST(TeamTally, SeveralSmallTeamsMergeUntilEachGroupHasFive) {
  const auto groups = merge_small_teams(tally_by_team(
      join({team_of("a", 2), team_of("b", 2), team_of("c", 2), team_of("d", 4)}), std::nullopt));
  for (const auto& g : groups) EXPECT_GE(g.agents.size(), kMinGroup);
  std::size_t agents = 0;
  for (const auto& g : groups) agents += g.agents.size();
  EXPECT_EQ(agents, 10u);
  // a+b (4) takes c (6); d (4), the last, then joins it.
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].teams, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(TeamTally, ASiteUnderFiveAgentsIsOneGroup) {
  const auto groups =
      merge_small_teams(tally_by_team(join({team_of("a", 2), team_of("b", 1)}), std::nullopt));
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].agents.size(), 3u);
  EXPECT_TRUE(merge_small_teams({}).empty());
}

// An agent who changed team is counted once per group, under the team of each day.
TEST(TeamTally, AnAgentInTwoTeamsIsNotCountedTwiceOnceMerged) {
  auto days = team_of("a", 3);
  days.push_back(day("a-a0", "b", "held"));
  const auto groups = merge_small_teams(tally_by_team(days, std::nullopt));
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].agents.size(), 3u);
  EXPECT_EQ(groups[0].agent_days, 4);
}

}  // namespace
}  // namespace vigie::summary
