// SYS-01 (node lost), SYS-02 (data gap), and nodata for the subjects they report.
#include "harness.hpp"

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

TEST(Sys02, EventsAfterAGapWaitForItAndAreJudgedInOrder) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);  // seq 1
  // seq 2 (a 30-min break at 09:00) is missing; seq 3 (back at 09:30) arrives first.
  h.wall().set(t0 + 90 * kMin);
  h.engine().on_gap_opened(h.source("acd-1"), GapReport{2, 2, t0, t0 + 90 * kMin});
  Event back;
  back.seq = 3;
  back.ts = t0 + 90 * kMin;
  back.body = AgentStateChange{"a", "t1", AgentState::available, {}, {}, {}};
  h.engine().on_event(h.source("acd-1"), back);
  EXPECT_EQ(h.steps("SYS-02"), (std::vector<Step>{{S::pending, t0 + 90 * kMin}}));
  // Silent until the hole showed, its clock had followed the wall clock; held back, it stops.
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0 + 90 * kMin - 5 * kSec);
  h.wall_to(t0 + 93 * kMin);
  EXPECT_EQ(h.engine().node_clock("acd-1"), t0 + 90 * kMin - 5 * kSec);
  Event brk;
  brk.seq = 2;
  brk.ts = t0 + kHour;
  brk.body = AgentStateChange{"a", "t1", AgentState::not_ready, NotReadyReason::break_, {}, {}};
  h.engine().on_event(h.source("acd-1"), brk);
  EXPECT_EQ(h.steps("SYS-02").back(), (Step{S::resolved, t0 + 93 * kMin}));
  // The 30-min break reset BRK-03's run: no breach at 10:00.
  h.clock_to(t0 + 3 * kHour);
  EXPECT_FALSE(h.fired("BRK-03"));
  EXPECT_EQ(h.engine().stats().held_back, 1u);
}

TEST(Sys02, AGapNotFilledWithinFiveMinutesFiresAndLeavesANodataSpan) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("a", t0);  // seq 1
  const TimestampMs open = t0 + kHour;
  h.wall().set(open);
  h.engine().on_gap_opened(h.source("acd-1"), GapReport{2, 4, std::nullopt, std::nullopt});
  Event later;
  later.seq = 5;
  later.ts = open - kMin;
  later.body = AgentStateChange{"a", "t1", AgentState::talking, {}, {}, {}};
  h.engine().on_event(h.source("acd-1"), later);
  h.wall_to(open + 5 * kMin - 1);
  EXPECT_EQ(h.steps("SYS-02"), (std::vector<Step>{{S::pending, open}}));
  h.wall_to(open + 5 * kMin);
  EXPECT_EQ(h.steps("SYS-02", "node.acd-1").back(), (Step{S::firing, open + 5 * kMin}));
  // The agent keeps the trace of [last event before, first event after] without data.
  auto span = h.steps("SYS-02", "agent.a");
  EXPECT_EQ(span, (std::vector<Step>{{S::nodata, t0}, {S::resolved, open - kMin}}));
  // The held event was applied; a late fill is dropped, the ingest's close resolves.
  EXPECT_EQ(h.engine().agent("a")->state, AgentState::talking);
  Event fill;
  fill.seq = 3;
  fill.ts = t0 + 30 * kMin;
  fill.body = AgentStateChange{"a", "t1", AgentState::logged_out, {}, {}, {}};
  h.engine().on_event(h.source("acd-1"), fill);
  EXPECT_EQ(h.engine().stats().dropped, 1u);
  EXPECT_EQ(h.engine().agent("a")->state, AgentState::talking);
  h.engine().on_gap_closed(h.source("acd-1"), 2);
  EXPECT_EQ(h.steps("SYS-02", "node.acd-1").back(), (Step{S::resolved, open + 5 * kMin}));
}

}  // namespace
}  // namespace vigie::engine::testing
