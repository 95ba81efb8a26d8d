// A jump in a node's clock (a day, a year, a century, to year 9999) costs the
// engine a bounded amount of work, counted in unit steps (work_meter.hpp), never
// in elapsed time; and the transitions it makes are those of evaluating every
// occupancy check and closing every week one by one, as the engine did before.
#include <algorithm>
#include <random>

#include "engine/agent_state.hpp"
#include "engine/kinds/occupancy.hpp"
#include "engine/kinds/registry.hpp"
#include "engine/team_state.hpp"
#include "engine/work_meter.hpp"
#include "harness.hpp"

namespace vigie::engine {

void PrintTo(const WorkMeter& m, std::ostream* os) {
  *os << "{agent " << m.agent_steps << ", team " << m.team_steps << ", zone " << m.zone_steps
      << ", boundaries " << m.boundaries << ", week skips " << m.week_skips << ", checks "
      << m.checks << ", buckets " << m.buckets << ", fills " << m.window_fills << ", civil "
      << m.civil_times << "}";
}

namespace testing {
namespace {

using S = AlertState;

TimestampMs monday(const std::string& hm) {
  return paris_time("2026-03-02 " + hm);
}

// ---- a floor's events, fed live or to a fresh engine as a rebuild does ---------

struct Fed {
  std::string node;
  Event event;
};

class Floor {
 public:
  void state(const std::string& agent, TimestampMs ts, AgentState s,
             std::optional<NotReadyReason> reason = std::nullopt, const std::string& team = "t1") {
    AgentStateChange c;
    c.agent = agent;
    c.team = team;
    c.state = s;
    c.reason = reason;
    send("acd-1", c, ts);
  }
  void tag(const std::string& agent, TimestampMs ts, std::vector<CallTag> tags) {
    CallTagged t;
    t.agent = agent;
    t.call = "c-1";
    t.tags = std::move(tags);
    send("acd-1", t, ts);
  }
  void shift(const std::string& agent, TimestampMs start, TimestampMs end, TimestampMs ts) {
    ShiftScheduled s;
    s.agent = agent;
    s.team = "t1";
    s.shift = "s-1";
    s.start = start;
    s.end = end;
    s.published = ts;
    send("wfm-1", s, ts);
  }
  void sample(const std::string& zone, TimestampMs ts, double l50) {
    EnvSample e;
    e.zone = zone;
    e.window_s = 60;
    e.l50_db = l50;
    send("sensor-1", e, ts);
  }

  std::vector<Fed> events;

 private:
  void send(const std::string& node, EventBody body, TimestampMs ts) {
    Event e;
    e.seq = ++seq_[node];
    e.ts = ts;
    e.body = std::move(body);
    events.push_back({node, std::move(e)});
  }
  std::map<std::string, std::uint64_t> seq_;
};

// A Monday on a small floor such that every criterion kind has something going at its end
// (17:10): a0 worked a full day with a difficult call and lunch, and logged out at 17:00;
// a1 still works; a2 (team t2) is in a pause; a1's shift for tomorrow was published late;
// zone z1 has just turned loud; team t1's occupancy window still holds a0's work.
Floor ordinary_day() {
  Floor f;
  f.state("a0", monday("08:00"), AgentState::available);
  f.state("a1", monday("08:30"), AgentState::available);
  f.state("a2", monday("09:00"), AgentState::available, std::nullopt, "t2");
  f.sample("z1", monday("09:00"), 60);
  f.state("a0", monday("09:00"), AgentState::talking);
  f.tag("a0", monday("09:20"), {CallTag::difficult, CallTag::acoustic_shock});
  f.state("a0", monday("09:25"), AgentState::wrap_up);
  f.state("a0", monday("09:30"), AgentState::available);
  f.sample("z1", monday("09:30"), 50);
  f.state("a1", monday("10:00"), AgentState::talking);
  f.state("a1", monday("10:40"), AgentState::available);
  f.shift("a1", monday("08:00") + kDay, monday("16:00") + kDay, monday("10:45"));
  f.state("a0", monday("12:00"), AgentState::not_ready, NotReadyReason::lunch);
  f.state("a0", monday("12:50"), AgentState::available);
  f.state("a2", monday("13:00"), AgentState::not_ready, NotReadyReason::break_, "t2");
  f.state("a0", monday("17:00"), AgentState::logged_out);
  f.sample("z1", monday("17:05"), 70);
  return f;
}
const char* const kAgents[] = {"a0", "a1", "a2"};
constexpr std::uint64_t kTeams = 2, kZones = 1;

void feed_live(Harness& h, const Fed& f) {
  if (h.wall().now() < f.event.ts) h.wall().set(f.event.ts);
  h.engine().on_event(h.source(f.node), f.event);
}

struct Jump {
  const char* name;
  TimestampMs to;
};

std::vector<Jump> jumps_from(TimestampMs t) {
  return {{"1 day", t + kDay},
          {"1 year", t + 365 * kDay},
          {"100 years", t + 36524 * kDay},
          {"year 9999", paris_time("9999-06-07 17:10")}};
}

// The referentiel with only the criteria of `kinds` in force (all if empty).
referentiel::SiteOverrides only(const std::vector<std::string>& kinds) {
  referentiel::SiteOverrides o;
  if (kinds.empty()) return o;
  for (const auto& c : default_referentiel().criteria)
    if (std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end())
      o.criteria[c.id].enabled = false;
  return o;
}

// The most work a jump may cost the ordinary day's floor, whatever its length.
struct Bound {
  std::uint64_t agent_steps = 0, boundaries = 0, team_steps = 0, checks = 0, zone_steps = 0;
};

Bound bound_of(const referentiel::ActiveReferentiel& a) {
  std::uint64_t agent_rules = 0, weeks = 0, occupancy = 0, window_steps = 0, levels = 0;
  for (const auto& c : a.criteria) {
    agent_rules += c.scope == referentiel::Scope::agent;
    if (c.kind == "work_average")
      weeks = std::max(weeks, static_cast<std::uint64_t>(c.integer("weeks")));
    if (c.kind == "occupancy") {
      ++occupancy;
      window_steps = std::max(
          window_steps, static_cast<std::uint64_t>(c.duration("window") / c.duration("step")));
    }
    levels += c.kind == "level";
  }
  const std::uint64_t agents = std::size(kAgents);
  Bound b;
  // Per agent: its shift's end, its day's close, its last week with work, then the empty
  // weeks TIME-03 still averages (`weeks`); beyond, empty weeks close at once.
  b.boundaries = agents * (3 + weeks);
  // Plus each rule's own deadlines: at most a notice, a breach and an end (reset, resolution).
  b.agent_steps = agents * (3 + weeks + 3 * agent_rules);
  // Per team: a check a step until the window holds only the present counts, then at most
  // the hold's and the clear hold's end.
  b.team_steps = occupancy ? kTeams * (window_steps + 3) : 0;
  b.checks = kTeams * occupancy * (window_steps + 3);
  // Per zone: the hold's and the clear hold's end.
  b.zone_steps = kZones * 2 * levels;
  return b;
}

struct KindCase {
  const char* name;
  std::vector<std::string> kinds;
};

class JumpWork : public ::testing::TestWithParam<KindCase> {
 protected:
  // The ordinary day live, then one event from its ACD node far ahead (`by_tick`: no
  // event, only the wall clock far ahead): the work of that one input, and the transitions.
  WorkMeter jump(const Jump& j, bool by_tick, std::vector<std::string>* made = nullptr) {
    const auto overrides = only(GetParam().kinds);
    Harness h("good-practice", &overrides);
    for (const auto& f : ordinary_day().events) feed_live(h, f);
    h.clock_to(monday("17:10"));
    bound = bound_of(h.engine().active_referentiel());
    const std::size_t seen = h.sink().transitions.size();
    const WorkMeter before = work_meter();
    if (by_tick)
      h.wall_to(j.to);
    else
      h.state("zz", j.to, AgentState::available, std::nullopt, "t3");
    const WorkMeter work = work_meter() - before;
    if (made)
      for (std::size_t i = seen; i < h.sink().transitions.size(); ++i)
        if (h.sink().transitions[i].at < j.to)
          made->push_back(h.sink().transitions[i].key + "@" +
                          std::to_string(h.sink().transitions[i].at));
    return work;
  }
  // Fatal: a jump that grows with the span would take minutes at the next, longer one.
  void within_bound(const WorkMeter& m) {
    ASSERT_LE(m.agent_steps, bound.agent_steps);
    ASSERT_LE(m.boundaries, bound.boundaries);
    ASSERT_LE(m.team_steps, bound.team_steps);
    ASSERT_LE(m.checks, bound.checks);
    ASSERT_LE(m.zone_steps, bound.zone_steps);
  }
  Bound bound;
};

TEST_P(JumpWork, AnEventFarAheadCostsTheSameFromOneYearToYear9999) {
  std::map<std::string, WorkMeter> work;
  std::map<std::string, std::vector<std::string>> made;
  for (const auto& j : jumps_from(monday("17:10"))) {
    SCOPED_TRACE(j.name);
    work[j.name] = jump(j, false, &made[j.name]);
    ASSERT_NO_FATAL_FAILURE(within_bound(work[j.name]));
  }
  // Past a year nothing is left to cross one by one: not one step more for 9,998 years.
  EXPECT_EQ(work["100 years"], work["1 year"]);
  EXPECT_EQ(work["year 9999"], work["1 year"]);
  EXPECT_EQ(made["100 years"], made["1 year"]);
  EXPECT_EQ(made["year 9999"], made["1 year"]);
}

TEST_P(JumpWork, AWallClockFarAheadCostsTheSameFromOneYearToYear9999) {
  std::map<std::string, WorkMeter> work;
  for (const auto& j : jumps_from(monday("17:10"))) {
    SCOPED_TRACE(j.name);
    work[j.name] = jump(j, true);
    ASSERT_NO_FATAL_FAILURE(within_bound(work[j.name]));
  }
  EXPECT_EQ(work["100 years"], work["1 year"]);
  EXPECT_EQ(work["year 9999"], work["1 year"]);
}

INSTANTIATE_TEST_SUITE_P(
    EachKind, JumpWork,
    ::testing::Values(
        KindCase{"every_kind", {}}, KindCase{"work_until_pause", {"work_until_pause"}},
        KindCase{"work_run", {"work_run"}}, KindCase{"pause_in_window", {"pause_in_window"}},
        KindCase{"recovery_after_tag", {"recovery_after_tag"}}, KindCase{"work_sum", {"work_sum"}},
        KindCase{"work_average", {"work_average"}}, KindCase{"rest_in_window", {"rest_in_window"}},
        KindCase{"amplitude", {"amplitude"}}, KindCase{"notice", {"notice"}},
        KindCase{"incident", {"incident"}}, KindCase{"occupancy_team", {"occupancy"}},
        KindCase{"level_zone", {"level"}}),
    [](const ::testing::TestParamInfo<KindCase>& i) { return std::string(i.param.name); });

// A rebuild feeds the stored events to a fresh engine with no wall clock: an event in year
// 9999 after the day costs it what an event a year after does, and no more than a jump live.
TEST(JumpRebuild, StoredEventsFarAheadCostAFreshEngineNoMoreThanAYearAhead) {
  const auto active = referentiel::resolve(default_referentiel(), "good-practice", "paris-1");
  auto rebuild = [&](const Floor& f, std::vector<std::string>* made, TimestampMs before_t) {
    EngineOptions o;
    o.site = "paris-1";
    o.zone = paris();
    o.referentiel = active;
    RecordingSink sink;
    Engine engine(std::move(o), sink);
    const WorkMeter before = work_meter();
    for (const auto& e : f.events) engine.on_event(NodeEpoch{e.node, "00000000000000a1"}, e.event);
    const WorkMeter work = work_meter() - before;
    if (made)
      for (const auto& t : sink.transitions)
        if (t.at < before_t) made->push_back(t.key + "@" + std::to_string(t.at));
    return work;
  };
  const WorkMeter day = rebuild(ordinary_day(), nullptr, 0);
  const Bound bound = bound_of(active);
  std::map<std::string, WorkMeter> work;
  std::map<std::string, std::vector<std::string>> made;
  for (const auto& j : jumps_from(monday("17:10"))) {
    SCOPED_TRACE(j.name);
    Floor f = ordinary_day();
    f.state("zz", j.to, AgentState::available, std::nullopt, "t3");
    work[j.name] = rebuild(f, &made[j.name], j.to) - day;
    ASSERT_LE(work[j.name].agent_steps, bound.agent_steps);
    ASSERT_LE(work[j.name].boundaries, bound.boundaries);
    ASSERT_LE(work[j.name].team_steps, bound.team_steps);
    ASSERT_LE(work[j.name].zone_steps, bound.zone_steps);
  }
  EXPECT_EQ(work["100 years"], work["1 year"]);
  EXPECT_EQ(work["year 9999"], work["1 year"]);
  EXPECT_EQ(made["year 9999"], made["1 year"]);
}

// ---- the transitions a jump makes ------------------------------------------------

// An agent working when its node's clock jumps to year 9999 gets each criterion at the
// instant the referentiel sets, in 2026, and nothing more after.
TEST(JumpTransitions, AnAgentWorkingAtTheJumpGetsEachCriterionAtItsOwnInstant) {
  Harness h("good-practice");
  const TimestampMs t0 = monday("08:00");
  h.work("a", t0);
  h.clock_to(monday("08:30"));
  const TimestampMs far = paris_time("9999-06-07 08:00");
  h.state("zz", far, AgentState::available, std::nullopt, "t3");
  auto steps = [&](const char* c) { return h.steps(c, "agent.a"); };
  EXPECT_EQ(steps("BRK-06"), (std::vector<Step>{{S::firing, t0 + 90 * kMin + 1}}));
  EXPECT_EQ(steps("BRK-03"),
            (std::vector<Step>{{S::due, t0 + 105 * kMin}, {S::firing, t0 + 120 * kMin + 1}}));
  EXPECT_EQ(steps("BRK-02"),
            (std::vector<Step>{{S::due, t0 + 165 * kMin}, {S::firing, t0 + 180 * kMin + 1}}));
  EXPECT_EQ(steps("BRK-01"),
            (std::vector<Step>{{S::due, monday("13:30")}, {S::firing, monday("14:00") + 1}}));
  EXPECT_EQ(steps("BRK-04"),
            (std::vector<Step>{{S::due, monday("14:15")}, {S::firing, monday("15:00")}}));
  EXPECT_EQ(steps("TIME-01"),
            (std::vector<Step>{{S::due, monday("17:30")}, {S::firing, monday("18:00") + 1}}));
  EXPECT_EQ(steps("REST-03"),
            (std::vector<Step>{{S::due, monday("20:30")}, {S::firing, monday("21:00") + 1}}));
  EXPECT_EQ(steps("REST-01"), (std::vector<Step>{{S::firing, t0 + kDay}}));
  EXPECT_EQ(steps("TIME-02"),
            (std::vector<Step>{{S::due, t0 + 46 * kHour}, {S::firing, t0 + 48 * kHour + 1}}));
  EXPECT_EQ(steps("REST-02"), (std::vector<Step>{{S::firing, t0 + 7 * kDay}}));
  EXPECT_TRUE(steps("TIME-03").empty()) << "a week with its day still open does not close";
  EXPECT_TRUE(steps("LOAD-02").empty()) << "available is no call";
  // Nothing is left to do for a: all its alerts fire while it works.
  auto count = [&] {
    std::size_t n = 0;
    for (const auto& t : h.sink().transitions) n += t.alert.subject.key() == "agent.a";
    return n;
  };
  const std::size_t made = count();
  const WorkMeter before = work_meter();
  h.state("zz", far + kMin, AgentState::logged_out, std::nullopt, "t3");
  EXPECT_EQ((work_meter() - before).agent_steps, 0u);
  h.state("zz", far + kDay, AgentState::available, std::nullopt, "t3");
  EXPECT_EQ(count(), made);
}

// TIME-03 averages the last 12 complete weeks at each week's close: after a jump the empty
// weeks still close one by one until the average is back within the limit.
TEST(JumpTransitions, TheTwelveWeekAverageResolvesAtTheWeekTheReferentielSays) {
  Harness h;
  const CivilDate first{2026, 1, 5};  // a Monday
  // 60 h a week: five days of 12 h (08:00-12:00, 13:00-21:00).
  for (int w = 0; w < 12; ++w)
    for (int d = 0; d < 5; ++d) {
      const TimestampMs morning = paris().to_utc(add_days(first, 7 * w + d), 8 * kHour);
      h.work("a", morning);
      h.state("a", morning + 4 * kHour, AgentState::not_ready, NotReadyReason::lunch);
      h.work("a", morning + 5 * kHour);
      h.off("a", morning + 13 * kHour);
    }
  const TimestampMs end12 = paris().start_of_day(add_days(first, 84));
  h.clock_to(end12 + kHour);
  ASSERT_EQ(h.steps("TIME-03"), (std::vector<Step>{{S::firing, end12}}));
  const WorkMeter before = work_meter();
  h.state("zz", paris_time("9999-06-07 08:00"), AgentState::available, std::nullopt, "t3");
  // Empty weeks bring it to (12 - k) * 60 / 12 h: 40 h, within 44 h, at the 4th.
  const TimestampMs end16 = paris().start_of_day(add_days(first, 112));
  EXPECT_EQ(h.steps("TIME-03"), (std::vector<Step>{{S::firing, end12}, {S::resolved, end16}}));
  EXPECT_DOUBLE_EQ(*h.of("TIME-03").back().alert.value, 40.0 * 60);
  // 12 empty weeks one by one until the average's window holds nothing; then one skip.
  const WorkMeter work = work_meter() - before;
  EXPECT_EQ(work.boundaries, 12u);
  EXPECT_EQ(work.week_skips, 1u);
}

// A team's occupancy and a zone's level after a jump: the checks of the hour after the
// last change, one a minute, then the hold timers alone.
TEST(JumpTransitions, OccupancyAndNoiseActAtTheirChecksBeforeTheJump) {
  Harness h;
  h.state("a", monday("08:00"), AgentState::talking);
  h.work("b", monday("10:00"));
  h.sample("z1", monday("10:02"), 70);
  h.clock_to(monday("10:04"));
  ASSERT_EQ(h.steps("LOAD-01").size(), 2u);  // pending 08:01, firing 08:16
  const WorkMeter before = work_meter();
  h.state("zz", paris_time("9999-06-07 08:00"), AgentState::available, std::nullopt, "t3");
  const WorkMeter work = work_meter() - before;
  // b available from 10:00: 60/(60+k) min handling is below 80 % from k = 16, for 15 min.
  EXPECT_EQ(h.steps("LOAD-01", "team.t1"), (std::vector<Step>{{S::pending, monday("08:01")},
                                                              {S::firing, monday("08:16")},
                                                              {S::resolved, monday("10:31")}}));
  EXPECT_NEAR(*h.of("LOAD-01").back().alert.value, 100.0 * 60 / 91, 1e-9);
  EXPECT_EQ(h.steps("ENV-02", "zone.z1"),
            (std::vector<Step>{{S::pending, monday("10:02")}, {S::firing, monday("10:17")}}));
  // 10:05 to 11:00 a check a minute until the window holds only a and b; then nothing.
  EXPECT_EQ(work.checks, 56u);
  EXPECT_EQ(work.zone_steps, 1u);
}

// ---- the same transitions as every check and every week, on random inputs -------

std::string line(const AlertTransition& t) {
  std::string s = t.key + "@" + std::to_string(t.at) + " " + to_string(t.alert.state);
  if (t.alert.value) s += " " + std::to_string(*t.alert.value);
  return s;
}

// The reference and the engine made the same transitions and nudges; `seen` of each
// were compared before, so a long run is compared once.
void expect_same(const RecordingSink& reference, const RecordingSink& sink, std::size_t& seen,
                 std::size_t& nudged) {
  ASSERT_EQ(reference.transitions.size(), sink.transitions.size());
  for (; seen < sink.transitions.size(); ++seen)
    ASSERT_EQ(line(reference.transitions[seen]), line(sink.transitions[seen]));
  ASSERT_EQ(reference.nudges.size(), sink.nudges.size());
  for (; nudged < sink.nudges.size(); ++nudged) {
    ASSERT_EQ(reference.nudges[nudged].alert_id, sink.nudges[nudged].alert_id);
    ASSERT_EQ(reference.nudges[nudged].due_at, sink.nudges[nudged].due_at);
  }
}

const AlertBook::Identity kIdentity{"paris-1", "vigie-fr-default", "2026.1", "good-practice"};

// The occupancy rule evaluated at every check, as the team did before it skipped them.
class EveryCheck {
 public:
  EveryCheck(const CriterionDef& def, AlertBook& book)
      : rule_(def),
        step_(def.criterion->duration("step")),
        book_(book),
        subject_{referentiel::Scope::team, "t1"} {}
  void advance_to(TimestampMs t) {
    if (last_ == kBeforeTime) last_ = t - 1;
    for (TimestampMs c = (floor_div(last_, step_) + 1) * step_; c <= t; c += step_)
      rule_.evaluate(c, RuleScope{book_, subject_, node_});
    last_ = std::max(last_, t);
  }
  void counts(TimestampMs t, int handling, int available) {
    advance_to(t);
    rule_.on_counts(t, handling, available);
  }

 private:
  Occupancy rule_;
  std::int64_t step_;
  AlertBook& book_;
  Subject subject_;
  std::string node_ = "acd-1";
  TimestampMs last_ = kBeforeTime;
};

// LOAD-01 as in force, or with other parameters: a step of 30 s, a hold not a whole number
// of steps, thresholds that an ordinary team crosses often.
referentiel::ActiveCriterion load01(bool variant) {
  const auto active = referentiel::resolve(default_referentiel(), "good-practice");
  referentiel::ActiveCriterion c = *active.find("LOAD-01");
  if (variant) {
    c.params["step"].ms = 30 * kSec;
    c.params["window"].ms = 5 * kMin;
    c.params["hold"].ms = 95 * kSec;
    c.params["clear_hold"].ms = 2 * kMin;
    c.params["threshold"].number = 60;
    c.params["clear_below"].number = 50;
  }
  return c;
}

TEST(JumpEquivalence, OccupancySkippingSettledChecksActsAsEveryCheck) {
  std::uint64_t skipping_checks = 0, every_checks = 0, fills = 0;
  std::size_t fired = 0;
  for (bool variant : {false, true}) {
    const referentiel::ActiveCriterion criterion = load01(variant);
    const CriterionDef def = describe(criterion);
    for (std::uint64_t seed = 1; seed <= 25; ++seed) {
      SCOPED_TRACE("seed " + std::to_string(seed) + (variant ? " variant" : " LOAD-01"));
      std::mt19937_64 rng(seed);
      auto pick = [&](std::int64_t n) { return static_cast<std::int64_t>(rng() % n); };
      RecordingSink reference_sink, sink;
      std::size_t seen = 0, nudged = 0;
      AlertBook reference_book(kIdentity, reference_sink), book(kIdentity, sink);
      EveryCheck reference(def, reference_book);
      TeamState team("t1", {&def});
      std::vector<Engagement> agents(6, Engagement::none);
      TimestampMs t = monday("06:00") + pick(kMin);
      for (int i = 0; i < 400; ++i) {
        // Mostly seconds to minutes; sometimes hours, days or weeks with no change.
        const std::int64_t kind = pick(100);
        t += kind < 80   ? pick(10 * kMin)
             : kind < 93 ? pick(3 * kHour)
             : kind < 98 ? pick(3 * kDay)
                         : pick(30 * kDay);
        const std::size_t a = static_cast<std::size_t>(pick(6));
        const Engagement to = static_cast<Engagement>(pick(3));
        WorkMeter before = work_meter();
        team.advance_to(t, book);
        if (to != agents[a]) team.change(t, agents[a], to);
        agents[a] = to;
        const WorkMeter skipping = work_meter() - before;
        skipping_checks += skipping.checks;
        fills += skipping.window_fills;
        before = work_meter();
        reference.counts(t, team.handling(), team.available());
        every_checks += (work_meter() - before).checks;
        SCOPED_TRACE("step " + std::to_string(i));
        ASSERT_NO_FATAL_FAILURE(expect_same(reference_sink, sink, seen, nudged));
      }
      team.advance_to(t + 2 * kDay, book);
      reference.advance_to(t + 2 * kDay);
      expect_same(reference_sink, sink, seen, nudged);
      for (const auto& tr : sink.transitions) fired += tr.alert.state == S::firing;
    }
  }
  // Not vacuous: alerts fired, and most checks and steps were skipped or refilled at once.
  EXPECT_GT(fired, 100u);
  EXPECT_LT(skipping_checks * 20, every_checks);
  EXPECT_GT(fills, 1000u);
}

// An agent's rules with every deadline and every week handled one by one: the agent
// state machine as it was before idle weeks closed at once.
class EveryWeek {
 public:
  EveryWeek(const referentiel::ActiveReferentiel& a, const std::vector<const CriterionDef*>& defs,
            AlertBook& book)
      : wt_(paris(), a.mapping, a.time_model.shift_gap),
        book_(book),
        subject_{referentiel::Scope::agent, "a"} {
    for (const auto* d : defs)
      if (auto r = make_agent_rule(*d)) rules_.push_back(std::move(r));
  }
  void advance_to(TimestampMs t) {
    const RuleScope s = scope();
    for (;;) {
      TimestampMs d = std::max(wt_.next_deadline(), now_);
      for (const auto& r : rules_) d = std::min(d, r->next_deadline(wt_, now_));
      if (d == kNever || d > t) break;
      now_ = d;
      while (wt_.next_deadline() <= d) {
        const Boundary b = wt_.on_deadline(d);
        for (auto& r : rules_) r->on_boundary(wt_, b, d, s);
      }
      for (auto& r : rules_) r->evaluate(wt_, d, s);
    }
  }
  void state(TimestampMs t, const AgentStateChange& c) {
    advance_to(t);
    now_ = std::max(now_, t);
    wt_.apply(now_, c.state, c.reason);
    for (auto& r : rules_) r->on_state(wt_, now_, scope());
  }
  void tag(TimestampMs t, const CallTagged& tag) {
    advance_to(t);
    now_ = std::max(now_, t);
    for (auto& r : rules_) r->on_call_tagged(wt_, now_, tag, scope());
  }
  // A shift is judged at T and moves nothing of the agent's time (AgentStateMachine::apply_shift);
  // the deadlines up to T fall due first, as the loop below advances the agent before each input.
  void shift(TimestampMs t, const ShiftScheduled& shift) {
    advance_to(t);
    for (auto& r : rules_) r->on_shift_scheduled(wt_, t, shift, scope());
  }
  TimestampMs now() const { return now_; }
  const WorkingTime& working_time() const { return wt_; }

 private:
  RuleScope scope() { return RuleScope{book_, subject_, node_}; }
  WorkingTime wt_;
  AlertBook& book_;
  Subject subject_;
  std::string node_ = "acd-1";
  std::vector<std::unique_ptr<AgentRule>> rules_;
  TimestampMs now_ = kBeforeTime;
};

TEST(JumpEquivalence, AnAgentClosingIdleWeeksAtOnceActsAsWeekByWeek) {
  const auto active = referentiel::resolve(default_referentiel(), "good-practice");
  std::vector<CriterionDef> defs;
  for (const auto& c : active.criteria) defs.push_back(describe(c));
  std::vector<const CriterionDef*> agent_defs;
  for (const auto& d : defs)
    if (d.criterion->scope == referentiel::Scope::agent) agent_defs.push_back(&d);
  const std::uint64_t skips = work_meter().week_skips;  // the reference never skips
  std::size_t time03 = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    auto pick = [&](std::int64_t n) { return static_cast<std::int64_t>(rng() % n); };
    RecordingSink reference_sink, sink;
    std::size_t seen = 0, nudged = 0;
    AlertBook reference_book(kIdentity, reference_sink), book(kIdentity, sink);
    EveryWeek reference(active, agent_defs, reference_book);
    AgentStateMachine agent("a", paris(), active.mapping, active.time_model.shift_gap, agent_defs);
    agent.set_node("acd-1", 0);
    TimestampMs t = monday("07:00") + pick(kHour);
    for (int i = 0; i < 600; ++i) {
      // Minutes within a day; sometimes a night, days off, weeks or a year of silence
      // (working or not), so that weeks close alone, in runs, and together at a shift's end.
      const std::int64_t kind = pick(1000);
      t += kind < 800   ? pick(90 * kMin)
           : kind < 930 ? pick(16 * kHour)
           : kind < 980 ? pick(10 * kDay)
           : kind < 995 ? pick(120 * kDay)
                        : pick(400 * kDay);
      const std::int64_t what = pick(100);
      agent.advance_to(t, book);
      if (what < 85) {
        AgentStateChange c;
        c.agent = "a";
        const std::int64_t s = pick(10);
        c.state = s < 4   ? AgentState::available
                  : s < 6 ? AgentState::talking
                  : s < 7 ? AgentState::wrap_up
                  : s < 9 ? AgentState::not_ready
                          : AgentState::logged_out;
        if (c.state == AgentState::not_ready)
          c.reason = pick(2) ? NotReadyReason::break_ : NotReadyReason::lunch;
        agent.apply_state(t, c, book);
        reference.state(t, c);
      } else if (what < 93) {
        CallTagged c;
        c.agent = "a";
        c.call = "c" + std::to_string(i);
        c.tags = {pick(2) ? CallTag::difficult : CallTag::acoustic_shock};
        agent.apply_tag(t, c, book);
        reference.tag(t, c);
      } else {
        ShiftScheduled s;
        s.agent = "a";
        s.shift = "s" + std::to_string(pick(4));
        s.start = t + pick(10 * kDay);
        s.end = s.start + (4 + pick(8)) * kHour;
        s.published = t;
        agent.apply_shift(t, s, book);
        reference.shift(t, s);
      }
      SCOPED_TRACE("step " + std::to_string(i));
      ASSERT_NO_FATAL_FAILURE(expect_same(reference_sink, sink, seen, nudged));
      ASSERT_EQ(reference.now(), agent.now()) << "step " << i;
      ASSERT_EQ(reference.working_time().week().monday, agent.working_time().week().monday);
    }
    const TimestampMs end = t + 400 * kDay;
    agent.advance_to(end, book);
    reference.advance_to(end);
    expect_same(reference_sink, sink, seen, nudged);
    ASSERT_EQ(reference.now(), agent.now());
    for (const auto& tr : sink.transitions) time03 += tr.alert.criterion == "TIME-03";
  }
  // Not vacuous: runs of weeks were closed at once, and TIME-03 moved.
  EXPECT_GE(work_meter().week_skips - skips, 100u);
  EXPECT_GT(time03, 100u);
}

}  // namespace
}  // namespace testing
}  // namespace vigie::engine
