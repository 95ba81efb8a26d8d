// SYS-01 (node lost), SYS-02 (data gap), and nodata for the subjects they report.
#include <yaml-cpp/yaml.h>

#include "harness.hpp"
#include "referentiel/loader.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

NodeStateReport report(NodeStatus s, TimestampMs ts) {
  NodeStateReport r;
  r.state = s;
  r.epoch = "00000000000000a1";
  r.ts = ts;
  return r;
}

TEST(Sys01, ALostNodeNotBackWithinFiveMinutesFiresAndItsSubjectsShowNodata) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.clock_to(t0 + 2 * kHour + 50 * kMin);  // BRK-02 due, BRK-03 firing
  const TimestampMs lost = t0 + 2 * kHour + 50 * kMin + 5 * kSec;
  ASSERT_EQ(h.wall().now(), lost);
  h.engine().on_node_state("acd-1", report(NodeStatus::lost, t0 - kHour));
  EXPECT_EQ(h.steps("SYS-01"), (std::vector<Step>{{S::pending, lost}}));
  EXPECT_EQ(h.of("SYS-01")[0].alert.started_at, t0);  // its last event
  EXPECT_EQ(h.of("SYS-01")[0].alert.subject.key(), "node.acd-1");
  h.wall_to(lost + 5 * kMin - 1);
  EXPECT_EQ(h.steps("SYS-01", "node.acd-1").size(), 1u);
  h.wall_to(lost + 5 * kMin);
  EXPECT_EQ(h.steps("SYS-01", "node.acd-1").back(), (Step{S::firing, lost + 5 * kMin}));
  // The agent's open alerts show nodata, and the agent has its own nodata alert.
  EXPECT_EQ(h.steps("BRK-02").back().state, S::nodata);
  EXPECT_EQ(h.steps("BRK-03").back().state, S::nodata);
  ASSERT_EQ(h.steps("SYS-01", "agent.a").size(), 1u);
  EXPECT_EQ(h.steps("SYS-01", "agent.a")[0].state, S::nodata);
  // Its clock is frozen: BRK-02 cannot fire on data that is not there.
  h.wall_to(lost + kHour);
  EXPECT_FALSE(h.fired("BRK-02"));

  // Back: the node resolves, the agent's alerts come back, the backlog is judged in event time.
  const TimestampMs back = lost + kHour;
  h.engine().on_node_state("acd-1", report(NodeStatus::online, back));
  EXPECT_EQ(h.steps("SYS-01", "node.acd-1").back(), (Step{S::resolved, back}));
  EXPECT_EQ(h.steps("SYS-01", "agent.a").back(), (Step{S::resolved, back}));
  EXPECT_EQ(h.steps("BRK-02").back().state, S::due);
  h.pause("a", t0 + 3 * kHour + 20 * kMin);  // the journal's backlog, sent on return
  h.wall_to(back + 10 * kSec);
  auto brk02 = h.steps("BRK-02");
  EXPECT_EQ(brk02[brk02.size() - 2], (Step{S::firing, t0 + 3 * kHour + 1}));
  EXPECT_EQ(brk02.back(), (Step{S::resolved, t0 + 3 * kHour + 30 * kMin}));
}

TEST(Sys01, AnAgentNoCriterionJudgesGetsNoNodataRecord) {
  // The governance gate leaves agent criteria out: an agent is then named by no alert,
  // not even the nodata record of its node's loss or gap (retained on MQTT, it would be).
  std::string yaml = "criteria:\n";
  for (const auto& c : default_referentiel().criteria)
    if (c.scope == referentiel::Scope::agent) yaml += "  " + c.id + ": {enabled: false}\n";
  const auto overrides =
      referentiel::parse_site_overrides(YAML::Load(yaml), "test", default_referentiel());
  Harness h("idcc2098-2h10", &overrides);
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.clock_to(t0 + kHour);
  const TimestampMs lost = h.wall().now();
  h.engine().on_node_state("acd-1", report(NodeStatus::lost, t0));
  h.wall_to(lost + 5 * kMin);
  EXPECT_EQ(h.steps("SYS-01", "node.acd-1").back(), (Step{S::firing, lost + 5 * kMin}));
  EXPECT_TRUE(h.steps("SYS-01", "agent.a").empty());
  h.engine().on_node_state("acd-1", report(NodeStatus::online, lost + kHour));
  h.engine().on_data_gap(h.source("acd-1"), DataGap{2, 4, lost + kHour, lost + 2 * kHour});
  EXPECT_FALSE(h.steps("SYS-02", "node.acd-1").empty());
  EXPECT_TRUE(h.steps("SYS-02", "agent.a").empty());
  for (const auto& t : h.sink().transitions)
    EXPECT_NE(t.alert.subject.key(), "agent.a") << t.alert.criterion;
}

TEST(NodeClock, APlanningFeedDoesNotMoveAnAgentsTime) {
  // The ACD node (watermarks: it never follows the wall clock) is catching up on the
  // morning while the planning node publishes shifts now: each shift is judged at its
  // publication, and the agents' time stays the ACD's, so their backlog counts as it was.
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.engine().on_watermark(h.source("acd-1"), t0 + kMin);
  const TimestampMs published = t0 + 6 * kHour + 10 * kMin;
  h.shift("a", "s-1", t0 + kDay, t0 + kDay + 7 * kHour, published, published);
  EXPECT_EQ(h.steps("PLN-01"), (std::vector<Step>{{S::firing, published}}));
  // An agent the planning names before the ACD does.
  h.shift("b", "s-2", t0 + kDay, t0 + kDay + 7 * kHour, published, published);
  EXPECT_FALSE(h.fired("BRK-01")) << "the planning node's time is not the agent's";
  // The ACD's backlog: a's 30-minute break at 10:00; b from 08:30, a break at 11:00.
  h.work("b", t0 + 30 * kMin);
  h.pause("a", t0 + 2 * kHour);
  h.work("a", t0 + 2 * kHour + 30 * kMin);
  h.pause("b", t0 + 3 * kHour);
  h.work("b", t0 + 3 * kHour + 30 * kMin);
  h.engine().on_watermark(h.source("acd-1"), t0 + 4 * kHour);
  EXPECT_FALSE(h.fired("BRK-02")) << "the breaks arrived in time to count";
  h.engine().on_watermark(h.source("acd-1"), published + kMin);
  EXPECT_FALSE(h.fired("BRK-01")) << "the 30-minute breaks came before 6 h of work";
  EXPECT_EQ(h.engine().stats().late, 0u) << "no ACD event was pushed to the planning's time";
}

TEST(Sys01, BackWithinFiveMinutesIsOnlyPending) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.engine().on_node_state("acd-1", report(NodeStatus::lost, t0));
  h.wall_to(t0 + 5 * kMin - 1);
  h.engine().on_node_state("acd-1", report(NodeStatus::online, t0 + 5 * kMin - 1));
  h.wall_to(t0 + kHour);
  EXPECT_EQ(h.steps("SYS-01"),
            (std::vector<Step>{{S::pending, t0}, {S::resolved, t0 + 5 * kMin - 1}}));
}

TEST(Sys01, SilenceIsNotLoss) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 12:00");
  h.off("a", t0);
  h.wall_to(t0 + 2 * kHour);
  EXPECT_TRUE(h.steps("SYS-01").empty());
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0 + 2 * kHour - 5 * kSec);
}

TEST(Sys02, AHoleGivenUpFiresAtItsEndPlusHoldInEventTimeAndLeavesANodataSpan) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);  // seq 1
  // Ingest holds the node's next events for a hole: its clock waits for them.
  h.engine().on_holding("acd-1", true);
  h.wall_to(t0 + 2 * kHour);
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0);
  EXPECT_TRUE(h.steps("SYS-02").empty()) << "a hole not given up is no breach yet";
  // Given up (whatever the wall clock says): seqs 2-4 lost between t0 and 09:00.
  const TimestampMs after = t0 + kHour;
  h.engine().on_data_gap(h.source("acd-1"), DataGap{2, 4, t0, after});
  EXPECT_EQ(h.steps("SYS-02", "node.acd-1"),
            (std::vector<Step>{{S::firing, after + 5 * kMin}, {S::resolved, after + 5 * kMin}}));
  EXPECT_EQ(h.of("SYS-02")[0].alert.started_at, t0);
  // The agent keeps the trace of [last event before, first event after] without data.
  EXPECT_EQ(h.steps("SYS-02", "agent.a"),
            (std::vector<Step>{{S::nodata, t0}, {S::resolved, after}}));
  EXPECT_EQ(h.engine().stats().data_gaps, 1u);
}

TEST(Sys02, TheSameGapGivesTheSameTransitionsWhateverTheWallClock) {
  auto run = [](TimestampMs wall_at_give_up) {
    Harness h;
    const TimestampMs t0 = paris_time("2026-03-02 08:00");
    h.work("a", t0);
    h.engine().on_holding("acd-1", true);
    h.wall_to(wall_at_give_up);
    h.engine().on_data_gap(h.source("acd-1"), DataGap{2, 2, t0, t0 + 30 * kMin});
    h.engine().on_holding("acd-1", false);
    std::vector<Step> out;
    for (const auto& t : h.sink().transitions)
      if (t.alert.criterion == "SYS-02") out.push_back({t.alert.state, t.at});
    return out;
  };
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  EXPECT_EQ(run(t0 + 36 * kMin), run(t0 + 5 * kHour));
}

TEST(Sys03, ANodeRefusedForItsQuotaFiresAtOnceAndResolvesAfterAQuietHold) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.wall_to(t0);
  h.engine().on_node_refused("acd-9", 2);
  EXPECT_EQ(h.steps("SYS-03", "node.acd-9"), (std::vector<Step>{{S::firing, t0}}));
  h.wall_to(t0 + 10 * kMin);
  h.engine().on_node_refused("acd-9", 3);  // still at it: the same episode, no new alert
  EXPECT_EQ(h.steps("SYS-03").size(), 1u);
  h.wall_to(t0 + 25 * kMin - 1);
  EXPECT_EQ(h.steps("SYS-03").size(), 1u);
  h.wall_to(t0 + 25 * kMin);
  EXPECT_EQ(h.steps("SYS-03").back(), (Step{S::resolved, t0 + 25 * kMin}));
  EXPECT_EQ(h.of("SYS-03").back().alert.value, 5.0) << "events refused in the episode";
  // Another node's agents were never touched.
  EXPECT_TRUE(h.steps("SYS-03", "node.acd-1").empty());
}

TEST(NodeClock, AHeldNodeWaitsAndFollowsTimeAgainOnceReleased) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.engine().on_holding("acd-1", true);
  h.wall_to(t0 + 4 * kHour);
  EXPECT_FALSE(h.fired("BRK-02")) << "data is on its way: no verdict on a guess";
  // The held events: a break at 10:00 for 30 minutes.
  h.pause("a", t0 + 2 * kHour);
  h.work("a", t0 + 2 * kHour + 30 * kMin);
  h.engine().on_holding("acd-1", false);
  h.wall_to(t0 + 4 * kHour + 10 * kSec);
  EXPECT_FALSE(h.fired("BRK-02"));
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0 + 4 * kHour + 5 * kSec);
}

}  // namespace
}  // namespace vigie::engine::testing
