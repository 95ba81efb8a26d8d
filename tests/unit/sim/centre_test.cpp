// The simulated centre: deterministic for a seed, in time order, valid on the
// wire, and with the misbehaviours it promises.
#include "centre.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <map>

#include "ingest/decode.hpp"

using namespace vigie::sim;
using nlohmann::json;

namespace {

// 2026-11-30 00:00 Europe/Paris (a Monday).
constexpr Ms kMonday = 1795993200000;

std::vector<Emitted> day(std::uint32_t seed, int agents = 12) {
  setenv("TZ", "Europe/Paris", 1);
  tzset();
  CentreOptions o;
  o.agents = agents;
  o.teams = 3;
  o.seed = seed;
  o.start = kMonday;
  o.duration = 24 * 3600 * 1000LL;
  Centre c(o);
  std::vector<Emitted> out;
  c.run([&](const Emitted& e) {
    out.push_back(e);
    return true;
  });
  return out;
}

}  // namespace

TEST(SimCentre, SameSeedGivesTheSameDay) {
  auto a = day(7), b = day(7), c = day(8);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i].event, b[i].event);
  EXPECT_NE(a.size(), c.size()) << "another seed, another day";
}

TEST(SimCentre, EventsComeInTimeOrderWithinTheDay) {
  auto d = day(1);
  ASSERT_GT(d.size(), 1000u);
  for (std::size_t i = 1; i < d.size(); ++i) ASSERT_LE(d[i - 1].ts, d[i].ts) << i;
  EXPECT_GE(d.front().ts, kMonday);
  EXPECT_LT(d.back().ts, kMonday + 24 * 3600 * 1000LL);
}

TEST(SimCentre, EachNodeGetsItsEventsInTimeOrder) {
  auto d = day(5);
  std::map<std::string, Ms> last;
  for (std::size_t i = 0; i < d.size(); ++i) {
    auto [it, fresh] = last.try_emplace(d[i].node, d[i].ts);
    ASSERT_LE(it->second, d[i].ts) << d[i].node << " at " << i;
    ASSERT_EQ(d[i].event["ts"].get<Ms>(), d[i].ts) << i;
    it->second = d[i].ts;
  }
  EXPECT_EQ(last.size(), 4u) << "the ACD and one noise sensor per team";
}

// Events of one instant keep the order they happened in: an agent freed and
// given the next call at the same ms is "available", then "talking".
TEST(SimCentre, EventsOfTheSameInstantKeepTheirOrder) {
  auto d = day(1, 40);
  std::map<std::string, std::string> state;
  std::size_t same_instant = 0;
  std::map<std::string, Ms> since;
  for (const auto& e : d) {
    if (e.event["type"] != "agent.state") continue;
    const std::string agent = e.event["agent"];
    const std::string next = e.event["state"];
    const std::string before = state.count(agent) ? state[agent] : "logged_out";
    if (since.count(agent) && since[agent] == e.ts) ++same_instant;
    bool follows = true;
    if (next == "wrap_up") follows = before == "talking" || before == "hold";
    if (next == "hold") follows = before == "talking";
    if (next == "talking") follows = before == "available" || before == "hold";
    EXPECT_TRUE(follows) << agent << " " << next << " after " << before << " at " << e.ts;
    state[agent] = next;
    since[agent] = e.ts;
  }
  EXPECT_GT(same_instant, 10u) << "the day has instants with two changes of one agent";
}

TEST(SimCentre, EveryEventPassesTheGatewaysValidation) {
  auto d = day(3);
  std::map<std::string, std::uint64_t> seq;
  for (const auto& e : d) {
    json ev = e.event;
    ev["seq"] = ++seq[e.node];
    json batch{{"v", 1}, {"node", e.node}, {"epoch", "0123456789abcdef"}, {"events", {ev}}};
    auto decoded = vigie::ingest::decode_batch(batch.dump(), e.node);
    if (const auto* refusal = std::get_if<vigie::ingest::Refusal>(&decoded))
      FAIL() << refusal->reason << " in " << ev.dump();
    const auto& b = std::get<vigie::ingest::EventBatch>(decoded);
    ASSERT_TRUE(b.rejected.empty()) << b.rejected[0].reason << " in " << ev.dump();
  }
}

TEST(SimCentre, EachAgentLogsInAndOutOnAWorkday) {
  auto d = day(2);
  std::map<std::string, std::vector<std::string>> states;
  for (const auto& e : d)
    if (e.event["type"] == "agent.state") states[e.event["agent"]].push_back(e.event["state"]);
  EXPECT_EQ(states.size(), 12u);
  for (const auto& [agent, s] : states) {
    EXPECT_EQ(s.front(), "available") << agent;
    EXPECT_EQ(s.back(), "logged_out") << agent;
  }
}

TEST(SimCentre, MisbehavioursShowInTheData) {
  auto d = day(4);
  // Agent 4001 skips pauses: no pause of 20 min or more all day.
  Ms pause_start = 0, longest = 0;
  Ms first = 0, last = 0;
  for (const auto& e : d) {
    const auto& ev = e.event;
    if (ev["type"] != "agent.state") continue;
    const Ms ts = ev["ts"];
    if (ev["agent"] == "4001") {
      if (pause_start) longest = std::max(longest, ts - pause_start);
      pause_start =
          ev["state"] == "not_ready" && (ev["reason"] == "break" || ev["reason"] == "lunch") ? ts
                                                                                             : 0;
    }
    if (ev["agent"] == "4002") {
      if (!first) first = ts;
      last = ts;
    }
  }
  EXPECT_LT(longest, 20 * 60 * 1000) << "the pause skipper never takes 20 minutes";
  EXPECT_GE(last - first, 11 * 3600 * 1000LL) << "agent 4002 works an 11-hour day";
  // The last agent's schedule is published 2 days ahead, the others 14 days.
  for (const auto& e : d)
    if (e.event["type"] == "schedule.shift") {
      const Ms notice = e.event["start"].get<Ms>() - e.event["published"].get<Ms>();
      if (e.event["agent"] == "4012")
        EXPECT_LT(notice, 3 * 24 * 3600 * 1000LL);
      else
        EXPECT_GE(notice, 7 * 24 * 3600 * 1000LL);
    }
}
