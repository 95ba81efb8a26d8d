// The referentiel engine on a simulated day of a large floor, as a ratio to a
// bare baseline measured in the same run: the same events, in the same order,
// each updating an agent's last state in a std::unordered_map, and a tick that
// scans every agent's time in state (what a naive per-second check costs).
//
// The day comes from the simulated centre (firmware/sim): planned shifts,
// calls, breaks, lunches, difficult calls, a noise sensor per team. It is
// generated and turned into domain events before anything is timed. The
// engine then runs it as the live gateway would: a wall clock that moves one
// second at a time; the events of that second fed in each node's seq order,
// each followed by a tick as FloorWatch::apply does after every committed
// item; then the gateway's once-a-second timer tick. Cost per event includes
// that tick and the deadlines the event makes pass.
//
//   build/default/bench/vigie_engine_bench [--agents N] [--teams N] [--hours H]
//                                          [--seed N] [--profile P]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "centre.hpp"
#include "engine/engine.hpp"
#include "referentiel/loader.hpp"
#include "referentiel/resolve.hpp"

using namespace vigie;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr TimestampMs kSecond = 1000;
// Monday 2026-03-02 00:00 in Paris (UTC+1 then): a full working day follows.
constexpr TimestampMs kMonday = 1772406000000;

struct Options {
  int agents = 5000;
  int teams = 50;
  int hours = 24;
  std::uint32_t seed = 1;
  std::string profile;  // empty: the referentiel's default
};

// One event as the ingest hands it over: which node sent it, and the event.
struct Fed {
  std::uint32_t node = 0;  // index into Day::nodes
  Event event;
};

struct Day {
  std::vector<std::string> nodes;
  std::vector<Fed> events;  // in ts order; per node in seq order
  std::size_t states = 0, tags = 0, shifts = 0, samples = 0;
  // The second with the most agent.state events (call traffic, not the schedule).
  std::size_t busiest_states = 0;
  TimestampMs busiest_at = 0;
};

Event to_event(const json& j, std::uint64_t seq) {
  Event e;
  e.seq = seq;
  e.ts = j.at("ts").get<TimestampMs>();
  const std::string type = j.at("type").get<std::string>();
  if (type == "agent.state") {
    AgentStateChange c;
    c.agent = j.at("agent").get<std::string>();
    c.team = j.at("team").get<std::string>();
    c.state = parse_agent_state(j.at("state").get<std::string>()).value();
    if (j.contains("reason")) c.reason = parse_not_ready_reason(j["reason"].get<std::string>());
    if (j.contains("call")) c.call = j["call"].get<std::string>();
    e.body = std::move(c);
  } else if (type == "call.tag") {
    CallTagged t;
    t.agent = j.at("agent").get<std::string>();
    t.call = j.at("call").get<std::string>();
    for (const auto& tag : j.at("tags")) t.tags.push_back(parse_call_tag(tag).value());
    e.body = std::move(t);
  } else if (type == "schedule.shift") {
    ShiftScheduled s;
    s.agent = j.at("agent").get<std::string>();
    s.team = j.at("team").get<std::string>();
    s.shift = j.at("shift").get<std::string>();
    s.start = j.at("start").get<TimestampMs>();
    s.end = j.at("end").get<TimestampMs>();
    s.published = j.at("published").get<TimestampMs>();
    for (const auto& b : j.at("breaks"))
      s.breaks.push_back({b.at("start").get<TimestampMs>(), b.at("end").get<TimestampMs>(),
                          b.at("kind").get<std::string>()});
    e.body = std::move(s);
  } else if (type == "env.sample") {
    EnvSample s;
    s.zone = j.at("zone").get<std::string>();
    s.window_s = j.at("window_s").get<double>();
    if (j.contains("laeq_db")) s.laeq_db = j["laeq_db"].get<double>();
    if (j.contains("l50_db")) s.l50_db = j["l50_db"].get<double>();
    e.body = std::move(s);
  } else {
    throw std::runtime_error("the simulator emitted an unknown event type: " + type);
  }
  return e;
}

Day simulate(const Options& o) {
  sim::CentreOptions co;
  co.agents = o.agents;
  co.teams = o.teams;
  co.seed = o.seed;
  co.start = kMonday;
  co.duration = o.hours * 3600 * kSecond;
  sim::Centre centre(co);
  Day day;
  day.nodes = centre.nodes();
  std::unordered_map<std::string, std::uint32_t> index;
  for (std::uint32_t i = 0; i < day.nodes.size(); ++i) index[day.nodes[i]] = i;
  std::vector<std::uint64_t> seq(day.nodes.size(), 0);
  TimestampMs second = 0;
  std::size_t in_second = 0;
  centre.run([&](const sim::Emitted& em) {
    const std::uint32_t node = index.at(em.node);
    Fed f{node, to_event(em.event, ++seq[node])};
    std::visit(
        [&](const auto& b) {
          using T = std::decay_t<decltype(b)>;
          if constexpr (std::is_same_v<T, AgentStateChange>) {
            ++day.states;
            // Events of second s are fed at s + 1 s (ts <= now): group them the same way.
            const TimestampMs s = (f.event.ts + kSecond - 1) / kSecond;
            in_second = s == second ? in_second + 1 : 1;
            second = s;
            if (in_second > day.busiest_states) {
              day.busiest_states = in_second;
              day.busiest_at = s * kSecond;
            }
          }
          if constexpr (std::is_same_v<T, CallTagged>) ++day.tags;
          if constexpr (std::is_same_v<T, ShiftScheduled>) ++day.shifts;
          if constexpr (std::is_same_v<T, EnvSample>) ++day.samples;
        },
        f.event.body);
    day.events.push_back(std::move(f));
    return true;
  });
  return day;
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// A "Vm...:" line of /proc/self/status, in MiB.
double status_mib(const char* key) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kib = -1;
  const std::size_t len = std::strlen(key);
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, key, len) == 0 && line[len] == ':') {
      kib = std::atol(line + len + 1);
      break;
    }
  std::fclose(f);
  return static_cast<double>(kib) / 1024.0;
}

std::string local_time(TimestampMs t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  char out[16];
  std::strftime(out, sizeof out, "%H:%M:%S", &tm);
  return out;
}

double us(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

// What one pass over the day cost, split into event feeding and ticks.
struct Pass {
  double event_us = 0;  // total, wall clock
  double tick_us = 0;
  std::vector<double> ticks;                          // each tick, wall clock
  double slowest_tick_us = 0, slowest_second_us = 0;  // and when (the wall clock then)
  TimestampMs slowest_tick_at = 0, slowest_second_at = 0;
  std::size_t slowest_second_events = 0;
  double wall_s = 0, cpu_s = 0;
  std::uint64_t checksum = 0;  // keeps the baseline's work observable

  double tick_percentile(double p) {
    if (ticks.empty()) return 0;
    std::sort(ticks.begin(), ticks.end());
    return ticks[std::min(ticks.size() - 1, static_cast<std::size_t>(p * ticks.size()))];
  }
};

// Replays DAY second by second: EVENT(fed) for each event due, then TICK(now).
template <typename OnEvent, typename OnTick>
Pass replay(const Day& day, TimestampMs start, TimestampMs end, OnEvent&& on_event,
            OnTick&& on_tick) {
  Pass p;
  p.ticks.reserve(static_cast<std::size_t>((end - start) / kSecond));
  const double cpu0 = thread_cpu_seconds();
  const auto wall0 = Clock::now();
  std::size_t next = 0;
  for (TimestampMs now = start + kSecond; now <= end; now += kSecond) {
    const auto a = Clock::now();
    const std::size_t first = next;
    while (next < day.events.size() && day.events[next].event.ts <= now)
      on_event(day.events[next++], now);
    const auto b = Clock::now();
    on_tick(now);
    const auto c = Clock::now();
    p.event_us += us(b - a);
    p.tick_us += us(c - b);
    p.ticks.push_back(us(c - b));
    if (us(c - b) > p.slowest_tick_us) {
      p.slowest_tick_us = us(c - b);
      p.slowest_tick_at = now;
    }
    if (us(b - a) > p.slowest_second_us) {
      p.slowest_second_us = us(b - a);
      p.slowest_second_at = now;
      p.slowest_second_events = next - first;
    }
  }
  p.wall_s = std::chrono::duration<double>(Clock::now() - wall0).count();
  p.cpu_s = thread_cpu_seconds() - cpu0;
  return p;
}

// The bare baseline: last state per agent in a hash map, and a scan of every
// agent each second for those in one state for over three hours.
Pass baseline(const Day& day, TimestampMs start, TimestampMs end) {
  struct Last {
    AgentState state = AgentState::logged_out;
    std::optional<NotReadyReason> reason;
    TimestampMs since = 0;
    TimestampMs shift_end = 0;
    std::uint32_t tags = 0;
  };
  std::unordered_map<std::string, Last> agents;
  std::unordered_map<std::string, double> zones;
  std::uint64_t sum = 0;
  Pass p = replay(
      day, start, end,
      [&](const Fed& f, TimestampMs) {
        std::visit(
            [&](const auto& b) {
              using T = std::decay_t<decltype(b)>;
              if constexpr (std::is_same_v<T, AgentStateChange>) {
                Last& l = agents[b.agent];
                l.state = b.state;
                l.reason = b.reason;
                l.since = f.event.ts;
              } else if constexpr (std::is_same_v<T, CallTagged>) {
                agents[b.agent].tags += static_cast<std::uint32_t>(b.tags.size());
              } else if constexpr (std::is_same_v<T, ShiftScheduled>) {
                agents[b.agent].shift_end = b.end;
              } else if constexpr (std::is_same_v<T, EnvSample>) {
                zones[b.zone] = b.l50_db.value_or(0);
              }
            },
            f.event.body);
      },
      [&](TimestampMs now) {
        for (const auto& [id, l] : agents)
          sum += l.state != AgentState::logged_out && now - l.since > 3 * 3600 * kSecond;
      });
  p.checksum = sum + agents.size() + zones.size();
  return p;
}

// Counts what the engine emits, and digests it in order (FNV-1a over each
// transition's key and time and each nudge's node, alert and due time), so
// that two builds of the engine can be shown to emit the same sequence.
class CountingSink final : public engine::TransitionSink {
 public:
  void on_transition(const engine::AlertTransition& t) override {
    ++transitions;
    mix(t.key);
    mix(std::to_string(t.at));
  }
  void on_nudge(const engine::Nudge& n) override {
    ++nudges;
    mix(n.node);
    mix(n.alert_id);
    mix(std::to_string(n.due_at));
  }
  std::uint64_t transitions = 0, nudges = 0;
  std::uint64_t digest = 14695981039346656037ull;

 private:
  void mix(const std::string& text) {
    for (unsigned char c : text) digest = (digest ^ c) * 1099511628211ull;
    digest = (digest ^ 0xff) * 1099511628211ull;  // a separator
  }
};

struct EngineRun {
  Pass pass;
  std::uint64_t transitions = 0, nudges = 0, digest = 0;
  engine::EngineStats stats;
  double rss_growth_mib = 0;  // resident memory the engine's state added over the day
};

EngineRun run_engine(const Day& day, const referentiel::ActiveReferentiel& active,
                     TimestampMs start, TimestampMs end) {
  engine::EngineOptions eo;
  eo.site = "paris-1";
  eo.zone = engine::TimeZone::load("Europe/Paris");
  eo.referentiel = active;
  CountingSink sink;
  const double rss0 = status_mib("VmRSS");
  engine::Engine engine(std::move(eo), sink);
  engine::ManualClock wall(start);
  engine.set_wall_clock(&wall);
  std::vector<NodeEpoch> sources;
  for (std::size_t i = 0; i < day.nodes.size(); ++i) {
    char epoch[17];
    std::snprintf(epoch, sizeof epoch, "%016zx", 0xbe00 + i);
    sources.push_back({day.nodes[i], epoch});
    const NodeKind kind = i == 0 ? NodeKind::acd_bridge : NodeKind::sensor;
    engine.on_node_birth({day.nodes[i], epoch, kind, "bench", start});
  }
  EngineRun r;
  r.pass = replay(
      day, start, end,
      [&](const Fed& f, TimestampMs now) {
        wall.set(now);
        engine.on_event(sources[f.node], f.event);
        engine.tick();
      },
      [&](TimestampMs now) {
        wall.set(now);
        engine.tick();
      });
  r.transitions = sink.transitions;
  r.nudges = sink.nudges;
  r.digest = sink.digest;
  r.stats = engine.stats();
  r.rss_growth_mib = status_mib("VmRSS") - rss0;
  return r;
}

int usage(const char* message) {
  std::cerr << "vigie_engine_bench: " << message << "\n"
            << "usage: vigie_engine_bench [--agents N] [--teams N] [--hours H] [--seed N]"
               " [--profile P]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      usage("a simulated day through the referentiel engine, against a bare map");
      return 0;
    }
    if (i + 1 >= argc) return usage(("missing value after " + a).c_str());
    const std::string v = argv[++i];
    if (a == "--agents")
      o.agents = std::atoi(v.c_str());
    else if (a == "--teams")
      o.teams = std::atoi(v.c_str());
    else if (a == "--hours")
      o.hours = std::atoi(v.c_str());
    else if (a == "--seed")
      o.seed = static_cast<std::uint32_t>(std::atol(v.c_str()));
    else if (a == "--profile")
      o.profile = v;
    else
      return usage(("unknown option " + a).c_str());
  }
  if (o.agents < 1 || o.teams < 1 || o.teams > o.agents || o.hours < 1 || o.hours > 72)
    return usage("need 1 <= teams <= agents and 1 <= hours <= 72");
  // The simulator plans shifts in local civil time.
  setenv("TZ", "Europe/Paris", 1);
  tzset();

  const auto ref = referentiel::load_referentiel(VIGIE_DEFAULT_REFERENTIEL);
  const std::string profile = o.profile.empty() ? ref.default_profile : o.profile;
  const auto active = referentiel::resolve(ref, profile, "paris-1");

  const auto g0 = Clock::now();
  const Day day = simulate(o);
  const double gen_s = std::chrono::duration<double>(Clock::now() - g0).count();
  const TimestampMs start = kMonday, end = kMonday + o.hours * 3600 * kSecond;

  std::printf(
      "vigie_engine_bench: %d agents in %d teams, %zu nodes, profile %s (%zu criteria),"
      " %d h from 2026-03-02 00:00 Europe/Paris, seed %u\n",
      o.agents, o.teams, day.nodes.size(), profile.c_str(), active.criteria.size(), o.hours,
      o.seed);
  std::printf(
      "day: %zu events (agent.state %zu, call.tag %zu, schedule.shift %zu,"
      " env.sample %zu), simulated in %.1f s (not timed below)\n",
      day.events.size(), day.states, day.tags, day.shifts, day.samples, gen_s);
  std::printf("     busiest second of call traffic: %zu agent.state events at %s\n",
              day.busiest_states, local_time(day.busiest_at).c_str());

  // A first baseline pass warms the caches and the allocator and is not counted;
  // then the baseline before and after the engine, and the mean is the reference.
  baseline(day, start, end);
  Pass base1 = baseline(day, start, end);
  EngineRun eng = run_engine(day, active, start, end);
  Pass base2 = baseline(day, start, end);

  const double n = static_cast<double>(day.events.size());
  const double ticks = static_cast<double>(eng.pass.ticks.size());
  const double eng_event = eng.pass.event_us / n, eng_tick = eng.pass.tick_us / ticks;
  const double base_event = (base1.event_us + base2.event_us) / 2 / n;
  const double base_tick = (base1.tick_us + base2.tick_us) / 2 / ticks;

  std::printf(
      "engine:   %.3f us/event, %.2f us/tick (p50 %.2f, p99 %.2f us), %.0f ticks;"
      " wall %.2f s, cpu %.2f s\n",
      eng_event, eng_tick, eng.pass.tick_percentile(0.50), eng.pass.tick_percentile(0.99), ticks,
      eng.pass.wall_s, eng.pass.cpu_s);
  std::printf(
      "          slowest tick %.0f us at %s; slowest second of events %.0f us"
      " (%zu events) at %s\n",
      eng.pass.slowest_tick_us, local_time(eng.pass.slowest_tick_at).c_str(),
      eng.pass.slowest_second_us, eng.pass.slowest_second_events,
      local_time(eng.pass.slowest_second_at).c_str());
  std::printf(
      "          %llu transitions, %llu nudges, %zu alerts active at the end,"
      " %llu events late, %llu data gaps; engine state +%.1f MiB RSS\n"
      "          digest of the emitted sequence %016llx\n",
      static_cast<unsigned long long>(eng.transitions), static_cast<unsigned long long>(eng.nudges),
      eng.stats.active_alerts, static_cast<unsigned long long>(eng.stats.late),
      static_cast<unsigned long long>(eng.stats.data_gaps), eng.rss_growth_mib,
      static_cast<unsigned long long>(eng.digest));
  std::printf(
      "baseline: %.3f us/event, %.2f us/tick (before %.3f/%.2f, after %.3f/%.2f);"
      " wall %.2f + %.2f s, cpu %.2f + %.2f s [checksum %llu]\n",
      base_event, base_tick, base1.event_us / n, base1.tick_us / ticks, base2.event_us / n,
      base2.tick_us / ticks, base1.wall_s, base2.wall_s, base1.cpu_s, base2.cpu_s,
      static_cast<unsigned long long>(base1.checksum + base2.checksum));
  std::printf("ratio engine/baseline: %.1f per event, %.3f per tick\n", eng_event / base_event,
              eng_tick / base_tick);
  std::printf("engine cpu/wall %.2f (below 1: other processes had the core part of the time)\n",
              eng.pass.cpu_s / eng.pass.wall_s);
  std::printf("peak RSS %.1f MiB (the whole day's events are held in memory)\n",
              status_mib("VmHWM"));
  return 0;
}
