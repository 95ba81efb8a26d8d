// Event time: per-node clocks, silence, lateness, and replay on the site clock.
#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

TEST(NodeClock, FollowsWallClockMinusLatenessAfterTenSecondsOfSilence) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0);
  h.wall_to(t0 + 10 * kSec - 1);
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0);
  h.wall_to(t0 + 10 * kSec);
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0 + 5 * kSec);
  h.wall_to(t0 + kHour);
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0 + kHour - 5 * kSec);
}

TEST(NodeClock, ADeadlineFiresOnlyWhenTheReportingNodesClockPassesIt) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);  // reported by acd-1
  h.state("c", t0, AgentState::available, {}, "t2", "acd-2");
  // acd-1 says goodbye (offline, not lost): its clock stops while acd-2 goes on.
  NodeStateReport off;
  off.state = NodeStatus::offline;
  off.epoch = "00000000000000a1";
  h.engine().on_node_state("acd-1", off);
  for (TimestampMs t = t0 + kMin; t <= t0 + 4 * kHour; t += kMin)
    h.state("c", t, AgentState::available, {}, "t2", "acd-2");
  EXPECT_TRUE(h.steps("BRK-02", "agent.a").empty());
  EXPECT_EQ(h.steps("BRK-02", "agent.c").back(), (Step{S::firing, t0 + 3 * kHour + 1}));
  EXPECT_TRUE(h.steps("SYS-01").empty());
  // When it comes back online, the time it was away is judged.
  NodeStateReport on = off;
  on.state = NodeStatus::online;
  h.engine().on_node_state("acd-1", on);
  h.wall_to(t0 + 4 * kHour + 10 * kSec);
  EXPECT_EQ(h.steps("BRK-02", "agent.a").back(), (Step{S::firing, t0 + 3 * kHour + 1}));
}

TEST(NodeClock, ALateEventIsAppliedAtItsSubjectsTime) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.clock_to(t0 + 3 * kHour + 1);
  ASSERT_TRUE(h.fired("BRK-02"));
  // Sent late with a ts before the firing: the alert stays a fact; the break counts from now.
  h.state("a", t0 + 2 * kHour, AgentState::not_ready, NotReadyReason::break_);
  EXPECT_EQ(h.engine().stats().late, 1u);
  h.clock_to(t0 + 3 * kHour + 10 * kMin + 1);
  EXPECT_EQ(h.steps("BRK-02").back(), (Step{S::resolved, t0 + 3 * kHour + 10 * kMin + 1}));
}

TEST(NodeClock, LiveNoNodesTimeMovesAnotherNode) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);  // acd-1
  // A sensor (another node) sends a sample dated 12 hours ahead.
  EnvSample s;
  s.zone = "z";
  s.l50_db = 40;
  Event e;
  e.seq = 1;
  e.ts = t0 + 12 * kHour;
  e.body = s;
  h.engine().on_event(h.source("sensor-1"), e);
  h.wall().set(t0 + 5 * kSec);
  h.engine().tick();
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0);
  EXPECT_TRUE(h.steps("BRK-02", "agent.a").empty());
  EXPECT_TRUE(h.steps("TIME-01", "agent.a").empty());
}

TEST(NodeClock, AWatermarkedNodeIsClockedByItsWatermarksOnlyNeverTheWallClock) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);
  h.engine().on_watermark(h.source("acd-1"), t0 + kMin);
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0 + kMin);
  // Silent for hours of wall time: the node has not vouched for them, nothing is judged.
  h.wall_to(t0 + 5 * kHour);
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0 + kMin);
  EXPECT_FALSE(h.fired("BRK-02"));
  // Its watermark says three hours and a second passed with nothing else: BRK-02 fires.
  h.engine().on_watermark(h.source("acd-1"), t0 + 3 * kHour + 1);
  EXPECT_EQ(h.steps("BRK-02").back(), (Step{S::firing, t0 + 3 * kHour + 1}));
  // A watermark below the clock changes nothing.
  h.engine().on_watermark(h.source("acd-1"), t0 + kHour);
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0 + 3 * kHour + 1);
}

TEST(NodeClock, ANewNodesFirstEventMeetsItsOwnClockNotTheWallClock) {
  // The gateway has been up for hours when a node first speaks, of an hour ago (an import).
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.wall_to(t0 + 3 * kHour);
  Event e;
  e.seq = 1;
  e.ts = t0;
  e.body = AgentStateChange{"a", "t1", AgentState::available, {}, {}, {}};
  h.engine().on_event(h.source("acd-9"), e);
  e.seq = 2;
  e.ts = t0 + kMin;
  e.body = AgentStateChange{"a", "t1", AgentState::not_ready, NotReadyReason::break_, {}, {}};
  h.engine().on_event(h.source("acd-9"), e);
  EXPECT_EQ(h.engine().stats().late, 0u);
  EXPECT_EQ(h.engine().agent("a")->since, t0 + kMin);
  EXPECT_FALSE(h.fired("BRK-03")) << "no deadline passed on a guess before the node spoke";
}

TEST(NodeClock, SilenceIsCountedFromGoingLiveNotFromEventTimesBeforeIt) {
  // A rebuild without a wall clock, then live: the node's last message in event time
  // says nothing about how long it has been silent.
  RecordingSink sink;
  EngineOptions o;
  o.site = "paris-1";
  o.zone = paris();
  o.referentiel = referentiel::resolve(default_referentiel(), "idcc2098-2h10");
  Engine e(std::move(o), sink);
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  Event ev;
  ev.seq = 1;
  ev.ts = t0;
  ev.body = AgentStateChange{"a", "t1", AgentState::available, {}, {}, {}};
  e.on_event(NodeEpoch{"acd-1", "00000000000000a1"}, ev);
  ManualClock wall(t0 + 2 * kHour);  // the gateway goes live two hours later
  e.set_wall_clock(&wall);
  e.tick();
  EXPECT_EQ(e.node_clock("acd-1"), t0);
  wall.set(t0 + 2 * kHour + 10 * kSec - 1);
  e.tick();
  EXPECT_EQ(e.node_clock("acd-1"), t0) << "the backlog still arriving gets its 10 s";
  wall.set(t0 + 2 * kHour + 10 * kSec);
  e.tick();
  EXPECT_EQ(e.node_clock("acd-1"), t0 + 2 * kHour + 5 * kSec);
}

TEST(SiteClock, WithoutAWallClockSilentNodesFollowTheLatestEventOfAnyNode) {
  RecordingSink sink;
  EngineOptions o;
  o.site = "paris-1";
  o.zone = paris();
  o.referentiel = referentiel::resolve(default_referentiel(), "idcc2098-2h10");
  Engine e(std::move(o), sink);
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  Event ev;
  ev.seq = 1;
  ev.ts = t0;
  ev.body = AgentStateChange{"a", "t1", AgentState::available, {}, {}, {}};
  e.on_event(NodeEpoch{"acd-1", "00000000000000a1"}, ev);
  EnvSample s;
  s.zone = "z";
  s.l50_db = 40;
  ev.body = s;
  ev.seq = 1;
  ev.ts = t0 + 3 * kHour + 5 * kSec;  // another node's event moves the site clock
  e.on_event(NodeEpoch{"sensor-1", "00000000000000b2"}, ev);
  EXPECT_EQ(e.site_clock(), t0 + 3 * kHour + 5 * kSec);
  EXPECT_EQ(e.node_clock("acd-1"), t0 + 3 * kHour);
  bool due = false, fired = false;
  for (const auto& t : sink.transitions) {
    if (t.alert.criterion != "BRK-02") continue;
    due |= t.alert.state == S::due;
    fired |= t.alert.state == S::firing;
  }
  EXPECT_TRUE(due);
  EXPECT_FALSE(fired);  // 3 h exactly is not over 3 h
  ev.ts += 1;
  e.on_event(NodeEpoch{"sensor-1", "00000000000000b2"}, ev);
  EXPECT_EQ(sink.transitions.back().alert.criterion, "BRK-02");
  EXPECT_EQ(sink.transitions.back().alert.state, S::firing);
  EXPECT_EQ(sink.transitions.back().at, t0 + 3 * kHour + 1);
}

}  // namespace
}  // namespace vigie::engine::testing
