// vigie-sim: a simulated call centre that drives Vigie's edge nodes.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <thread>

#include "centre.hpp"
#include "feeds.hpp"
#include "pbx_files.hpp"

using namespace vigie::sim;

namespace {

constexpr const char* kUsage = R"(usage: vigie-sim [options]

Simulates a call centre and sends its events to Vigie's nodes.

Where the events go (one of):
  --broker URL          start one vigie-node per node (needs --node-binary),
                        each with --watermarks input
  --capture FILE        write a capture for 'vigie replay': births, states and
                        batches as the nodes would send them, each line with
                        "at" (when it reaches the gateway, in sim time), and an
                        empty batch with "until" from each idle node every 10 s
  --stdout              print NODE<TAB>EVENT lines

Events come in time order, so at sim time T every event before T is out. Every
10 s of sim time each node is told so: a NODE<TAB>{"until":T} line on stdout,
the same {"until":T} line on a vigie-node's stdin, a watermark in a capture.

The ACD as a PBX would show it (with any of the above, or alone):
  --pbx-dir DIR         write the ACD node's agent states as an Asterisk queue_log and
                        its schedules as a WFM CSV export in DIR (queue_log, roster.csv,
                        pause-reasons.csv, planning.csv), for vigie-node --source
                        asterisk-queue-log and --source schedule; its call tags are
                        left out (a queue_log has no place for them)

Centre:
  --site S              site id (paris-1)
  --agents N            agents (40)        --teams N        teams (4)
  --seed N              random seed (1)
  --start T             sim start: now, today, today+7h, yesterday, yesterday+7h, -6h
                        (before now), or ms since the epoch (now)
  --duration D          how long to simulate: 30m, 8h, 2d (24h)
  --speed X             0 = as fast as possible; 1 = real time; 60 = a minute a second (0)
  --live                events wait for the wall clock to reach their time
                        (with --start -6h: catch up six hours, then run live; with
                        --speed X: X times real time, but never ahead of the wall clock,
                        whose gateway refuses times from the future)
  --calls-per-agent-hour X   offered load per working agent (8.5)
Misbehaviours (counts of agents or teams):
  --skip-pauses N (1)  --overtime N (1)  --late-schedule N (1)  --overloaded-teams N (1)
Nodes:
  --node-binary PATH    vigie-node        --store-dir DIR   journals (./sim-nodes)
  --log-dir DIR         node logs (.)
  --report              print the realism figures at the end
)";

using Ms = std::int64_t;

Ms now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool parse_span(const std::string& s, Ms& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  const std::string unit(end);
  Ms scale = 0;
  if (unit == "s")
    scale = 1000;
  else if (unit == "m")
    scale = 60'000;
  else if (unit == "h")
    scale = 3'600'000;
  else if (unit == "d")
    scale = 86'400'000;
  else
    return false;
  if (v < 0) return false;
  out = static_cast<Ms>(v * static_cast<double>(scale));
  return true;
}

bool parse_start(const std::string& s, Ms& out) {
  if (s == "now") return out = now_ms(), true;
  if (s == "yesterday" || s.rfind("yesterday+", 0) == 0) {
    if (!parse_start("today" + s.substr(9), out)) return false;
    out -= 24 * 3600 * 1000LL;  // a day before, on the local clock (a DST day aside)
    return true;
  }
  if (s.rfind("today+", 0) == 0) {
    Ms offset = 0;
    if (!parse_span(s.substr(6), offset) || !parse_start("today", out)) return false;
    out += offset;
    return true;
  }
  if (s == "today") {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    out = static_cast<Ms>(std::mktime(&tm)) * 1000;
    return true;
  }
  if (!s.empty() && s[0] == '-') {
    Ms span = 0;
    if (!parse_span(s.substr(1), span)) return false;
    out = now_ms() - span;
    return true;
  }
  char* end = nullptr;
  out = std::strtoll(s.c_str(), &end, 10);
  return end && *end == '\0' && out > 0;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

void report(const Figures& f, const CentreOptions& o) {
  std::cerr << "vigie-sim realism figures\n";
  for (std::size_t t = 0; t < f.teams.size(); ++t) {
    const auto& team = f.teams[t];
    std::cerr << "  " << team.team << ": occupancy "
              << static_cast<int>(team.occupancy() * 100 + 0.5) << " % (target "
              << (static_cast<int>(t) < o.overloaded_teams ? "> 85, overloaded" : "70-85")
              << "), calls " << team.calls << ", abandoned " << team.abandoned << "\n";
  }
  double sum = 0;
  for (double h : f.handle_s) sum += h;
  const double mean = f.handle_s.empty() ? 0 : sum / static_cast<double>(f.handle_s.size());
  std::cerr << "  handling time (talk + hold + wrap-up): mean " << static_cast<int>(mean)
            << " s, p50 " << static_cast<int>(percentile(f.handle_s, 0.5)) << " s, p90 "
            << static_cast<int>(percentile(f.handle_s, 0.9))
            << " s (target: mean 270-360 s, log-normal, p90 about twice p50)\n";
}

}  // namespace

int main(int argc, char** argv) {
  setenv("TZ", "Europe/Paris", 0);  // the centre's civil time, unless TZ says otherwise
  tzset();
  CentreOptions o;
  o.start = now_ms();
  std::string site = "paris-1", mode, target, node_binary, store_dir = "sim-nodes", log_dir = ".",
              pbx_dir;
  double speed = 0;
  bool live = false, want_report = false;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto need = [&](std::size_t& i) -> const std::string& {
    if (i + 1 >= args.size()) {
      std::cerr << "vigie-sim: " << args[i] << " needs a value\n" << kUsage;
      std::exit(2);
    }
    return args[++i];
  };
  auto number = [&](const std::string& flag, const std::string& v, double lo, double hi) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (!end || *end || d < lo || d > hi) {
      std::cerr << "vigie-sim: " << flag << " must be a number in [" << lo << ", " << hi
                << "], got '" << v << "'\n";
      std::exit(2);
    }
    return d;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--broker") {
      mode = "broker";
      target = need(i);
    } else if (a == "--capture") {
      mode = "capture";
      target = need(i);
    } else if (a == "--stdout") {
      mode = "stdout";
    } else if (a == "--pbx-dir") {
      pbx_dir = need(i);
    } else if (a == "--site") {
      site = need(i);
    } else if (a == "--agents") {
      o.agents = static_cast<int>(number(a, need(i), 1, 100000));
    } else if (a == "--teams") {
      o.teams = static_cast<int>(number(a, need(i), 1, 1000));
    } else if (a == "--seed") {
      o.seed = static_cast<std::uint32_t>(number(a, need(i), 0, 4e9));
    } else if (a == "--start") {
      if (!parse_start(need(i), o.start)) {
        std::cerr << "vigie-sim: --start must be now, today, today+DURATION, -DURATION or ms since"
                     " the epoch\n";
        return 2;
      }
    } else if (a == "--duration") {
      if (!parse_span(need(i), o.duration)) {
        std::cerr << "vigie-sim: --duration must be like 30m, 8h, 2d\n";
        return 2;
      }
    } else if (a == "--speed") {
      speed = number(a, need(i), 0, 1e6);
    } else if (a == "--live") {
      live = true;
    } else if (a == "--calls-per-agent-hour") {
      o.calls_per_agent_hour = number(a, need(i), 0, 100);
    } else if (a == "--skip-pauses") {
      o.skip_pauses = static_cast<int>(number(a, need(i), 0, 1e5));
    } else if (a == "--overtime") {
      o.overtime = static_cast<int>(number(a, need(i), 0, 1e5));
    } else if (a == "--late-schedule") {
      o.late_schedule = static_cast<int>(number(a, need(i), 0, 1e5));
    } else if (a == "--overloaded-teams") {
      o.overloaded_teams = static_cast<int>(number(a, need(i), 0, 1e3));
    } else if (a == "--node-binary") {
      node_binary = need(i);
    } else if (a == "--store-dir") {
      store_dir = need(i);
    } else if (a == "--log-dir") {
      log_dir = need(i);
    } else if (a == "--report") {
      want_report = true;
    } else {
      std::cerr << "vigie-sim: unknown option '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  if (mode.empty() && pbx_dir.empty()) {
    std::cerr << "vigie-sim: say where the events go: --broker, --capture, --stdout or --pbx-dir\n"
              << kUsage;
    return 2;
  }
  if (mode == "broker" && node_binary.empty()) {
    std::cerr << "vigie-sim: --broker needs --node-binary PATH (vigie-node)\n";
    return 2;
  }

  Centre centre(o);
  std::unique_ptr<Feed> feed;
  try {
    // With --pbx-dir the ACD node is the PBX's files; the other nodes go as asked.
    std::vector<std::string> nodes = centre.nodes();
    if (!pbx_dir.empty())
      nodes.erase(std::remove(nodes.begin(), nodes.end(), o.acd_node), nodes.end());
    if (mode == "stdout")
      feed = stdout_feed(nodes);
    else if (mode == "capture")
      feed = capture_feed(target, site, o.seed);
    else if (mode == "broker")
      feed = node_process_feed({node_binary, target, site, store_dir, log_dir}, nodes);
    if (!pbx_dir.empty())
      feed = std::make_unique<PbxFiles>(pbx_dir, o.acd_node, centre.roster(), std::move(feed));
  } catch (const std::exception& e) {
    std::cerr << "vigie-sim: " << e.what() << "\n";
    return 1;
  }

  const Ms wall_anchor = now_ms();
  // The sim time the wall clock stands for, when events wait for it.
  auto paced = [&]() -> Ms {
    return o.start + static_cast<Ms>(static_cast<double>(now_ms() - wall_anchor) * speed);
  };
  auto sim_now = [&]() -> Ms {
    if (live) return speed > 0 ? std::min(now_ms(), paced()) : now_ms();
    return paced();
  };
  std::uint64_t sent = 0;
  centre.run([&](const Emitted& e) {
    // While an event waits, sim time still passes: the feed vouches for it.
    for (Ms t = sim_now(); (live || speed > 0) && t < e.ts; t = sim_now()) {
      if (!feed->advance(t)) return false;
      // Sim ms per wall ms: real time once --live has caught up with the wall clock.
      const double rate = speed > 0 && (!live || paced() < now_ms()) ? speed : 1.0;
      const double wall_left = static_cast<double>(e.ts - t) / rate;
      const double beat = static_cast<double>(kWatermarkEvery) / rate;
      std::this_thread::sleep_for(
          std::chrono::milliseconds(static_cast<Ms>(std::min({wall_left, beat, 200.0})) + 1));
    }
    ++sent;
    return feed->write(e);
  });
  feed->close();
  std::cerr << "vigie-sim: " << sent << " events sent\n";
  if (want_report) report(centre.figures(), o);
  return 0;
}
