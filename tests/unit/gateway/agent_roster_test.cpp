// The agents the gateway tracks: ceilings no single node can exhaust.
#include "ingest/agent_roster.hpp"

#include <gtest/gtest.h>

using namespace vigie::ingest;

TEST(AgentRoster, ANodeOverItsQuotaIsRefusedWhileOthersStillIntroduceAgents) {
  AgentRoster r(RosterLimits{10, 2, 100});
  EXPECT_EQ(r.admit("a1", "acd-1", 0), Admission::admitted);
  EXPECT_EQ(r.admit("a2", "acd-1", 0), Admission::admitted);
  EXPECT_EQ(r.admit("a3", "acd-1", 0), Admission::node_full);
  EXPECT_EQ(r.admit("b1", "acd-2", 0), Admission::admitted);
  EXPECT_EQ(r.admit("a1", "acd-2", 0), Admission::admitted) << "known, whoever names it";
  EXPECT_EQ(r.size(), 3u);
}

TEST(AgentRoster, AMinutesQuotaRefillsAsTheMinutePasses) {
  AgentRoster r(RosterLimits{10, 10, 2});
  EXPECT_EQ(r.admit("a1", "n", 1000), Admission::admitted);
  EXPECT_EQ(r.admit("a2", "n", 2000), Admission::admitted);
  EXPECT_EQ(r.admit("a3", "n", 3000), Admission::node_too_fast);
  EXPECT_EQ(r.admit("a3", "n", 61'000), Admission::admitted);  // a1's minute is over
  EXPECT_EQ(r.admit("a4", "n", 61'500), Admission::node_too_fast);
}

TEST(AgentRoster, TheSitesCeilingStillHolds) {
  AgentRoster r(RosterLimits{2, 10, 10});
  EXPECT_EQ(r.admit("a1", "n1", 0), Admission::admitted);
  EXPECT_EQ(r.admit("a2", "n2", 0), Admission::admitted);
  EXPECT_EQ(r.admit("a3", "n3", 0), Admission::site_full);
}

TEST(AgentRoster, AResetKnowsWhoIntroducedWhom) {
  AgentRoster r(RosterLimits{10, 2, 100});
  r.reset({{"a1", "acd-1"}, {"a2", "acd-1"}, {"b1", "acd-2"}});
  EXPECT_EQ(r.admit("a3", "acd-1", 0), Admission::node_full);
  EXPECT_EQ(r.admit("b2", "acd-2", 0), Admission::admitted);
}
