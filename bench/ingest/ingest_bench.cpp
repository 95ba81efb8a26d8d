// Durable ingest through a real Mosquitto, as a ratio to a bare SQLite loop
// measured in the same run on the same disk (issue 2, item 8):
//   (a) batches of 100 events  vs  bare inserts in transactions of 100;
//   (b) one event a message    vs  bare one-row synchronous=FULL commits.
// The messages are queued in the broker for the gateway's persistent session
// while it is stopped, then the gateway is started and its drain timed from its
// first ack to the ack that covers them all (its start-up is printed apart):
// the publisher does not compete for the two cores.
// Also: peak RSS of the gateway after 5,000 agents' worth of events.
//
// The disk's fsync time is measured and printed first: a figure belongs to the
// regime it was taken in (a 4 ms fsync hides everything else).
//
//   build/default/bench/vigie_ingest_bench [--events N] [--single N] [--cases abcp] [--rounds N]
//                                          [--wrap "heaptrack -o FILE"]
//   (p, with a or b: the Paho floor, the bare rows committed in a bare Paho client's callback)
#include <mqtt/async_client.h>
#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "broker.hpp"
#include "disk_regime.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"

using namespace vigie::testing;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kEpoch = "00000000000000b1";

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Node N's (of NODES) message of events FIRST..LAST, agent.state for AGENTS agents.
std::string node_message(int n, int nodes, int agents, std::uint64_t first, std::uint64_t last) {
  json evs = json::array();
  for (std::uint64_t i = first; i <= last; ++i)
    evs.push_back({{"seq", i},
                   {"ts", 1764489600000 + static_cast<std::int64_t>(i) * 1000},
                   {"type", "agent.state"},
                   {"agent", "a" + std::to_string((i * static_cast<std::uint64_t>(nodes) +
                                                   static_cast<std::uint64_t>(n)) %
                                                  static_cast<std::uint64_t>(agents))},
                   {"team", "sav-" + std::to_string(n)},
                   {"state", i % 2 ? "talking" : "available"}});
  const std::string node = "bench-" + std::to_string(n + 1);
  return json{{"v", 1}, {"node", node}, {"epoch", kEpoch}, {"events", evs}}.dump();
}

// The bare baseline's row: the same columns an agent.state event fills.
void insert_bare_row(vigie::store::Statement& insert, std::uint64_t i) {
  static const char* states[] = {"available", "talking", "wrap_up", "hold"};
  insert.bind(1, std::string_view("bench-1")).bind(2, std::string_view(kEpoch));
  insert.bind(3, static_cast<std::int64_t>(i));
  insert.bind(4, static_cast<std::int64_t>(1764489600000 + i * 1000));
  insert.bind(5, std::string_view("agent.state"));
  insert.bind(6, std::string_view("a" + std::to_string(i % 50)));
  insert.bind(7, std::string_view("sav-1")).bind(8, std::string_view(states[i % 4]));
  insert.bind(9, static_cast<std::int64_t>(1764489600000));
  insert.run();
}

const char* kBareInsert =
    "INSERT INTO events (node, epoch, seq, ts, type, agent, team, state, received_at)"
    " VALUES (?,?,?,?,?,?,?,?,?)";

// The bare baseline: the same rows, the same schema, the same pragmas, no MQTT.
double bare_sqlite_rate(const std::filesystem::path& file, std::uint64_t rows,
                        std::uint64_t per_tx) {
  std::filesystem::remove(file);
  vigie::store::Database db(file, {"FULL", false});
  vigie::store::migrate(db);
  auto insert = db.prepare(kBareInsert);
  const auto start = Clock::now();
  for (std::uint64_t s = 1; s <= rows; s += per_tx) {
    db.exec("BEGIN");
    for (std::uint64_t i = s; i < s + per_tx && i <= rows; ++i) insert_bare_row(insert, i);
    db.exec("COMMIT");
  }
  return static_cast<double>(rows) / seconds_since(start);
}

// What any gateway built on Paho pays at least: the bare baseline's rows inserted and
// committed in Paho's message callback (a message is acknowledged once its callback
// returns), one transaction a message, nothing decoded. The messages are the gateway's
// own (the same bytes), queued in the broker as for the gateway; the topic names the
// message's first seq, so that nothing needs reading in the payload.
double paho_floor_rate(const std::filesystem::path& dir, std::uint64_t events,
                       std::uint64_t per_msg) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Broker broker(dir / "broker", shipped_autosave());  // not the tests' 1 s save of the queue
  vigie::store::Database db(dir / "floor.db", {"FULL", false});
  vigie::store::migrate(db);
  auto insert = db.prepare(kBareInsert);
  mqtt::async_client client(broker.url(), "bench-paho-floor");
  const auto options = mqtt::connect_options_builder().clean_session(false).finalize();
  client.connect(options)->wait();
  client.subscribe("bench/floor/+", 1)->wait();
  client.disconnect()->wait();
  std::uint64_t messages = 0;
  {
    MqttClient pub(broker.url(), "bench-floor-publisher");
    for (std::uint64_t s = 1; s <= events; s += per_msg, ++messages)
      pub.publish("bench/floor/" + std::to_string(s),
                  node_message(0, 1, 50, s, std::min(s + per_msg - 1, events)));
  }
  std::mutex mu;
  std::condition_variable done;
  std::uint64_t taken = 0;
  Clock::time_point first{}, last{};
  client.set_message_callback([&](mqtt::const_message_ptr m) {
    const auto& topic = m->get_topic();
    const std::uint64_t from = std::stoull(topic.substr(topic.rfind('/') + 1));
    db.exec("BEGIN");
    for (std::uint64_t i = from; i < from + per_msg && i <= events; ++i) insert_bare_row(insert, i);
    db.exec("COMMIT");
    std::lock_guard lock(mu);
    last = Clock::now();
    if (++taken == 1) first = last;
    if (taken == messages) done.notify_all();
  });
  client.connect(options)->wait();
  std::unique_lock lock(mu);
  if (!done.wait_for(lock, std::chrono::minutes(10), [&] { return taken == messages; }))
    throw std::runtime_error("the Paho floor did not drain its queue");
  lock.unlock();
  client.disconnect()->wait();
  // Between the first and the last message, as the gateway's drain is timed.
  return static_cast<double>((messages - 1) * per_msg) /
         std::chrono::duration<double>(last - first).count();
}

struct GatewayRun {
  double rate = 0;         // events / (gateway started -> last ack): its start-up included
  double steady_rate = 0;  // events between its first and last ack / the time between them
  double first_ack_s = 0;  // from the gateway's start to its first ack
  long peak_rss_kib = 0;
  double handler_us = 0;  // the gateway's own mean time in a message's handler (/metrics)
};

// The mean of vigie_commit_seconds (decode, commit, ack queued): what of a message's cost
// is the gateway's handler, the rest being broker and Paho.
double mean_handler_us(int http_port) {
  const std::string text = http_get(http_port, "/metrics");
  auto value = [&](const std::string& name) {
    const auto at = text.find("\n" + name + " ");
    return at == std::string::npos ? 0.0 : std::stod(text.substr(at + name.size() + 2));
  };
  const double n = value("vigie_commit_seconds_count");
  return n > 0 ? value("vigie_commit_seconds_sum") / n * 1e6 : 0.0;
}

long peak_rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// CPU time (user + system, clock ticks) the process has used so far.
long cpu_ticks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return -1;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stol(f);
    if (i == 15) stime = std::stol(f);
  }
  return utime + stime;
}

// Acks cover what is committed; the engine judges it after. Waits until the gateway
// uses less than a tenth of a core for two half-seconds in a row (its per-second tick
// goes on): every event is then judged too.
void wait_until_idle(pid_t pid) {
  long last = cpu_ticks(pid);
  int quiet = 0;
  for (int i = 0; i < 1200 && quiet < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const long now = cpu_ticks(pid);
    quiet = now - last <= 5 ? quiet + 1 : 0;  // 5 ticks of 10 ms in 500 ms
    last = now;
  }
}

// Queues EVENTS events in messages of PER_MSG (for NODES nodes) while the
// gateway is down, then times the gateway's drain until every ack covers them.
// Set by --wrap: a command the gateway runs under (heaptrack, perf record), for profiles.
std::vector<std::string> g_wrap;

GatewayRun gateway_rate(const std::filesystem::path& dir, std::uint64_t events,
                        std::uint64_t per_msg, int nodes, int agents) {
  std::filesystem::remove_all(dir);
  Broker broker(dir / "broker", shipped_autosave());
  GatewayOptions options;
  if (!g_wrap.empty()) {
    options.env = {"VIGIE_BENCH_WRAPPED=1"};
    options.env.insert(options.env.end(), g_wrap.begin(), g_wrap.end());
  }
  auto gateway = std::make_unique<GatewayProcess>(dir / "gateway", broker.url(), options);
  gateway->terminate();  // its persistent session stays in the broker

  MqttClient acks(broker.url(), "bench-ack-reader");
  acks.subscribe("vigie/v1/paris-1/node/+/ack");
  {
    MqttClient pub(broker.url(), "bench-publisher");
    const std::uint64_t per_node = events / static_cast<std::uint64_t>(nodes);
    for (int n = 0; n < nodes; ++n) {
      const std::string node = "bench-" + std::to_string(n + 1);
      for (std::uint64_t s = 1; s <= per_node; s += per_msg) {
        pub.publish("vigie/v1/paris-1/node/" + node + "/evt",
                    node_message(n, nodes, agents, s, std::min(s + per_msg - 1, per_node)));
      }
    }
  }
  const std::uint64_t per_node = events / static_cast<std::uint64_t>(nodes);
  auto all_acked = [&] {
    for (int n = 0; n < nodes; ++n) {
      auto last = acks.last("vigie/v1/paris-1/node/bench-" + std::to_string(n + 1) + "/ack");
      if (last.empty() || json::parse(last)["seq"].get<std::uint64_t>() < per_node) return false;
    }
    return true;
  };
  const auto start = Clock::now();
  gateway->start();
  if (!eventually(all_acked, std::chrono::minutes(10)))
    throw std::runtime_error("gateway did not drain the queue: " + gateway->log_text());
  GatewayRun run;
  run.rate =
      static_cast<double>(per_node * static_cast<std::uint64_t>(nodes)) / seconds_since(start);
  // The drain itself: the bare baseline opens its database before its clock starts, so the
  // ratio compares it with the gateway from its first ack, not with its start-up (process,
  // store, engine, HTTP, broker session).
  std::uint64_t between = 0;
  auto first = Clock::time_point::max(), last = Clock::time_point::min();
  for (int n = 0; n < nodes; ++n) {
    const auto seen = acks.received("/node/bench-" + std::to_string(n + 1) + "/ack");
    if (seen.empty()) continue;
    between += json::parse(seen.back().payload)["seq"].get<std::uint64_t>() -
               json::parse(seen.front().payload)["seq"].get<std::uint64_t>();
    first = std::min(first, seen.front().at);
    last = std::max(last, seen.back().at);
  }
  if (last > first)
    run.steady_rate =
        static_cast<double>(between) / std::chrono::duration<double>(last - first).count();
  run.first_ack_s = std::chrono::duration<double>(first - start).count();
  // The process's own high-water mark, read before it exits, once the engine has judged
  // every event (the acks cover the commits only).
  wait_until_idle(gateway->pid());
  run.peak_rss_kib = peak_rss_kib(gateway->pid());
  run.handler_us = mean_handler_us(gateway->http_port());
  if (!g_wrap.empty()) gateway->terminate();  // a profiler writes its file at a clean exit
  return run;
}

void print_handler(const GatewayRun& run, int per_msg) {
  std::printf(
      "    gateway's handler (decode, commit, ack queued): mean %.0f us a message, one every %.0f "
      "us\n",
      run.handler_us, 1e6 * per_msg / run.steady_rate);
  std::printf("    with its start-up (first ack %.0f ms after the start): %.0f events/s\n",
              run.first_ack_s * 1e3, run.rate);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t batched = 100000, single = 10000;
  std::string cases = "abc";
  int rounds = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--events")
      batched = std::stoull(argv[i + 1]);
    else if (a == "--single")
      single = std::stoull(argv[i + 1]);
    else if (a == "--cases")
      cases = argv[i + 1];
    else if (a == "--rounds")
      rounds = std::max(1, std::stoi(argv[i + 1]));
    else if (a == "--wrap") {  // e.g. --wrap "heaptrack -o /tmp/gw": peak RSS is then the wrapper's
      std::istringstream words(argv[i + 1]);
      for (std::string w; words >> w;) g_wrap.push_back(w);
    }
  }
  const auto wanted = [&](char c) { return cases.find(c) != std::string::npos; };
  const auto dir =
      std::filesystem::temp_directory_path() / ("vigie-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);

  std::printf(
      "vigie ingest benchmark (Mosquitto and gateway on this machine, WAL, synchronous=FULL)\n");
  vigie::bench::print_fsync_time(dir / "fsync-probe");
  // Each round runs the baseline before and after the gateway, and their mean is that
  // round's reference: the disk's fsync time drifts during a run. With --rounds N the
  // figures are each round's and the median of their ratios.
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty()      ? 0.0
           : v.size() % 2 ? v[v.size() / 2]
                          : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  // (a) or (b): ROUNDS times the bare loop, the gateway, the Paho floor (with p), the bare
  // loop again.
  const auto run_case = [&](const char* label, const char* bare_label, std::uint64_t events,
                            std::uint64_t per_msg) {
    std::vector<double> ratios, floors, of_floor;
    for (int round = 1; round <= rounds; ++round) {
      const auto bare_file = dir / ("bare-" + std::to_string(per_msg) + ".db");
      const double bare0 = bare_sqlite_rate(bare_file, events, per_msg);
      const auto vig = gateway_rate(dir / "gw", events, per_msg, 1, 50);
      const double floor = wanted('p') ? paho_floor_rate(dir / "p", events, per_msg) : 0.0;
      const double bare = (bare0 + bare_sqlite_rate(bare_file, events, per_msg)) / 2;
      ratios.push_back(vig.steady_rate / bare);
      std::printf("%s: vigie %.0f events/s, %s %.0f rows/s, ratio %.2f (target >= 0.80)\n", label,
                  vig.steady_rate, bare_label, bare, ratios.back());
      print_handler(vig, static_cast<int>(per_msg));
      if (wanted('p')) {
        floors.push_back(floor / bare);
        of_floor.push_back(vig.steady_rate / floor);
        std::printf(
            "    Paho floor (the bare rows committed in Paho's callback, nothing else): %.0f "
            "events/s, %.2f of the bare loop; vigie is %.2f of it\n",
            floor, floors.back(), of_floor.back());
      }
    }
    if (rounds == 1) return;
    std::printf("%s: median ratio of %d rounds: %.2f\n", label, rounds, median(ratios));
    if (wanted('p'))
      std::printf("    median Paho floor: %.2f of the bare loop; vigie %.2f of the floor\n",
                  median(floors), median(of_floor));
  };
  if (wanted('a')) run_case("(a) batches of 100", "bare SQLite tx of 100", batched, 100);
  if (wanted('b')) run_case("(b) one event a message", "bare one-row FULL commits", single, 1);

  if (wanted('c')) {
    const auto rss = gateway_rate(dir / "c", 100000, 100, 10, 5000);
    std::printf(
        "(c) 5,000 agents, 10 nodes, 100,000 events: gateway peak RSS %.1f MiB (target <= 32), "
        "%.0f "
        "events/s\n",
        static_cast<double>(rss.peak_rss_kib) / 1024.0, rss.rate);
  }
  vigie::bench::print_fsync_time(dir / "fsync-probe");
  std::filesystem::remove_all(dir);
  return 0;
}
