// The engine visits, after each input and tick, only the nodes that can have
// something to do. These tests drive two engines with the same random inputs,
// one of them visiting every node every time (the reference), and require the
// same transitions, nudges and node clocks, step by step: with and without a
// wall clock, with silent, offline, lost and returning nodes, nodes held back
// for a hole, holes given up, watermarks, and a wall clock that sometimes
// steps back.
#include <random>

#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

const char* const kNodes[] = {"acd-1", "acd-2", "acd-3", "wfm-1", "sensor-1"};

struct Pair {
  explicit Pair(bool with_wall) {
    for (bool every : {true, false}) {
      EngineOptions o;
      o.site = "paris-1";
      o.zone = paris();
      o.referentiel = referentiel::resolve(default_referentiel(), "idcc2098-2h10");
      o.visit_every_node = every;
      auto& sink = every ? reference_sink : sink_under_test;
      auto& engine = every ? reference : under_test;
      engine = std::make_unique<Engine>(std::move(o), sink);
      if (with_wall) engine->set_wall_clock(&wall);
    }
  }
  template <typename F>
  void both(F&& f) {
    f(*reference);
    f(*under_test);
  }

  ManualClock wall{0};
  RecordingSink reference_sink, sink_under_test;
  std::unique_ptr<Engine> reference, under_test;
};

std::string describe(const AlertTransition& t) {
  return t.key + "@" + std::to_string(t.at) + " " + to_string(t.alert.state);
}

std::string describe(const Nudge& n) {
  return n.node + " " + n.alert_id + " due " + std::to_string(n.due_at);
}

// Both engines agree on everything seen so far.
void expect_same(const Pair& p, int step) {
  const auto& a = p.reference_sink;
  const auto& b = p.sink_under_test;
  ASSERT_EQ(a.transitions.size(), b.transitions.size()) << "step " << step;
  for (std::size_t i = 0; i < a.transitions.size(); ++i)
    ASSERT_EQ(describe(a.transitions[i]), describe(b.transitions[i])) << "step " << step;
  ASSERT_EQ(a.nudges.size(), b.nudges.size()) << "step " << step;
  for (std::size_t i = 0; i < a.nudges.size(); ++i)
    ASSERT_EQ(describe(a.nudges[i]), describe(b.nudges[i])) << "step " << step;
  for (const char* node : kNodes)
    ASSERT_EQ(p.reference->node_clock(node), p.under_test->node_clock(node))
        << "step " << step << " node " << node;
  ASSERT_EQ(p.reference->stats().active_alerts, p.under_test->stats().active_alerts);
  ASSERT_EQ(p.reference->stats().data_gaps, p.under_test->stats().data_gaps);
}

// A random day and a half of a small floor, fed to both engines.
void run_random_floor(std::uint64_t seed, bool with_wall) {
  SCOPED_TRACE("seed " + std::to_string(seed) + (with_wall ? " live" : " replay"));
  std::mt19937_64 rng(seed);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };

  Pair p(with_wall);
  std::map<std::string, std::uint64_t> seq;
  const std::string epoch = "00000000000000a1";
  TimestampMs t = paris_time("2026-03-02 06:00");
  const TimestampMs end = t + 36 * kHour;
  p.wall.set(t);

  auto send = [&](const std::string& node, EventBody body) {
    Event e;
    e.seq = ++seq[node];
    e.ts = t;
    e.body = std::move(body);
    p.both([&](Engine& eng) { eng.on_event(NodeEpoch{node, epoch}, e); });
  };

  for (const char* node : kNodes)
    p.both([&](Engine& eng) { eng.on_node_birth({node, epoch, NodeKind::acd_bridge, "t", t}); });

  for (int step = 0; t < end; ++step) {
    // Time goes on: mostly seconds to minutes, sometimes hours of silence.
    t += chance(0.02) ? pick(4 * 60) * kMin : pick(10 * 60) * kSec;
    const int what = pick(100);
    if (what < 60) {
      const int agent = pick(12);
      AgentStateChange c;
      c.agent = "a" + std::to_string(agent);
      c.team = "t" + std::to_string(agent % 3);
      const int s = pick(10);
      c.state = s < 4   ? AgentState::available
                : s < 6 ? AgentState::talking
                : s < 7 ? AgentState::wrap_up
                : s < 9 ? AgentState::not_ready
                        : AgentState::logged_out;
      if (c.state == AgentState::not_ready)
        c.reason = chance(0.5) ? NotReadyReason::break_ : NotReadyReason::lunch;
      // Agents mostly stay on their own ACD, sometimes move.
      send(kNodes[chance(0.9) ? agent % 3 : pick(3)], c);
    } else if (what < 65) {
      CallTagged c;
      c.agent = "a" + std::to_string(pick(12));
      c.call = "c" + std::to_string(step);
      c.tags = {CallTag::abusive};
      send(kNodes[pick(3)], c);
    } else if (what < 72) {
      EnvSample s;
      s.zone = "z" + std::to_string(pick(2));
      s.l50_db = 40 + pick(40);
      s.laeq_db = 45 + pick(40);
      send("sensor-1", s);
    } else if (what < 75) {
      ShiftScheduled s;
      s.agent = "a" + std::to_string(pick(12));
      s.team = "t0";
      s.shift = "s" + std::to_string(step);
      s.start = t + pick(72) * kHour;
      s.end = s.start + (4 + pick(8)) * kHour;
      s.published = t;
      send("wfm-1", s);
    } else if (what < 79) {
      NodeStateReport r;
      const int k = pick(3);
      r.state = k == 0 ? NodeStatus::online : k == 1 ? NodeStatus::offline : NodeStatus::lost;
      r.epoch = epoch;
      r.ts = t;
      const std::string node = kNodes[pick(5)];
      p.both([&](Engine& eng) { eng.on_node_state(node, r); });
    } else if (what < 81) {
      // Ingest holds a node's events back for a hole, or lets them go again.
      const std::string node = kNodes[pick(3)];
      const bool holding = chance(0.5);
      p.both([&](Engine& eng) { eng.on_holding(node, holding); });
    } else if (what < 83) {
      // A hole given up: two seqs skipped, a span without data.
      const std::string node = kNodes[pick(3)];
      DataGap g;
      g.first_seq = seq[node] + 1;
      g.last_seq = seq[node] += 2;
      g.from_ts = t - pick(20) * kMin;
      g.to_ts = t;
      p.both([&](Engine& eng) { eng.on_data_gap(NodeEpoch{node, epoch}, g); });
    } else if (what < 85) {
      // A watermark: from then on that node is clocked by its own word only.
      const std::string node = kNodes[pick(5)];
      const TimestampMs until = t + pick(30) * kSec;
      p.both([&](Engine& eng) { eng.on_watermark(NodeEpoch{node, epoch}, until); });
    } else {
      // A tick, the wall clock now and then stepping back a little.
      if (with_wall) p.wall.set(chance(0.1) ? t - pick(90) * kSec : t);
      p.both([](Engine& eng) { eng.tick(); });
    }
    if (with_wall && p.wall.now() < t && chance(0.7)) p.wall.set(t);
    expect_same(p, step);
    if (::testing::Test::HasFatalFailure()) return;
  }
  // The floor did something worth comparing.
  EXPECT_GT(p.reference_sink.transitions.size(), 20u);
}

TEST(NodePasses, SkippingIdleNodesChangesNothingLive) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    run_random_floor(seed, true);
    if (HasFatalFailure()) return;
  }
}

TEST(NodePasses, SkippingIdleNodesChangesNothingInReplay) {
  for (std::uint64_t seed = 101; seed <= 112; ++seed) {
    run_random_floor(seed, false);
    if (HasFatalFailure()) return;
  }
}

// A silent node with nothing marked is still woken by another node's events
// moving the site clock past its agent's deadline, with no tick at all.
TEST(NodePasses, AnIdleNodesDeadlineFiresFromAnotherNodesEventsWithoutTicks) {
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
  // The sensor reports every minute for four hours; acd-1 says nothing.
  for (TimestampMs t = t0 + kMin; t <= t0 + 4 * kHour; t += kMin) {
    ++ev.seq;
    ev.ts = t;
    e.on_event(NodeEpoch{"sensor-1", "00000000000000b2"}, ev);
  }
  std::optional<TimestampMs> fired;
  for (const auto& t : sink.transitions)
    if (t.alert.criterion == "BRK-02" && t.alert.state == AlertState::firing) fired = t.at;
  EXPECT_EQ(fired, t0 + 3 * kHour + 1);
  // Its clock follows the site clock less lateness, though it was never visited for it.
  EXPECT_EQ(e.node_clock("acd-1"), t0 + 4 * kHour - 5 * kSec);
}

}  // namespace
}  // namespace vigie::engine::testing
