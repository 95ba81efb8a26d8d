// From an event's arrival to its alert on MQTT, under a background of node
// traffic (issue 3, item 10: p99 < 10 ms under 1,000 events/s).
//
// A real Mosquitto and a real `vigie gateway` (WAL, synchronous=FULL). A
// background thread publishes agent.state batches from ten nodes at a steady
// rate (default 1,000 events/s: 100 messages/s of 10 events). A probe node
// publishes, one at a time and at random intervals, a call.tag acoustic_shock
// for a new agent: ENV-03 (an incident) opens on that event itself, so the
// time from the probe's PUBLISH to its alert's arrival at a subscriber is
// broker -> gateway -> decode -> commit -> engine -> publish -> broker ->
// subscriber. Measured from outside the gateway, it is an upper bound of the
// gateway's own part: it includes both broker hops.
//
// The baselines, measured in the same run under the same background: one bare
// broker hop (a client publishes, another receives, no gateway), and one bare
// one-row synchronous=FULL SQLite commit on the same disk. The gateway's
// floor is about two hops and one commit. The disk's fsync time is printed
// before and after (bench/disk_regime.hpp).
//
//   build/default/bench/vigie_alert_latency_bench [--probes N] [--rate EVENTS_PER_S]
#include <mqtt/async_client.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "broker.hpp"
#include "disk_regime.hpp"
#include "gateway_process.hpp"
#include "store/database.hpp"

using namespace vigie::testing;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kSite = "paris-1";
const std::string kEpoch = "00000000000000c1";

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// A Paho client that stamps each arrival on a topic and lets a caller wait for one.
class Stamping {
 public:
  Stamping(const std::string& url, const std::string& id) : client_(url, id) {
    client_.set_message_callback([this](mqtt::const_message_ptr m) {
      const auto at = Clock::now();
      std::lock_guard lock(mu_);
      arrivals_[m->get_topic()] = at;
      cv_.notify_all();
    });
    client_.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
  }
  ~Stamping() {
    try {
      client_.disconnect()->wait();
    } catch (...) {
    }
  }
  void subscribe(const std::string& filter) { client_.subscribe(filter, 1)->wait(); }
  mqtt::async_client& client() { return client_; }
  // When TOPIC arrived, waiting at most LIMIT for it.
  std::optional<Clock::time_point> wait_for(const std::string& topic,
                                            std::chrono::milliseconds limit) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, limit, [&] { return arrivals_.count(topic) > 0; })) return std::nullopt;
    return arrivals_[topic];
  }

 private:
  mqtt::async_client client_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Clock::time_point> arrivals_;
};

struct Percentiles {
  double p50 = 0, p95 = 0, p99 = 0, max = 0;
  std::size_t n = 0;
};

Percentiles percentiles(std::vector<double> v) {
  Percentiles p;
  p.n = v.size();
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  };
  p.p50 = at(0.50);
  p.p95 = at(0.95);
  p.p99 = at(0.99);
  p.max = v.back();
  return p;
}

void print(const char* what, const Percentiles& p) {
  std::printf("%-34s p50 %6.2f  p95 %6.2f  p99 %6.2f  max %7.2f ms  (%zu samples)\n", what, p.p50,
              p.p95, p.p99, p.max, p.n);
}

// Ten nodes' agent.state batches of 10 events, paced to RATE events a second.
class Background {
 public:
  Background(const std::string& url, int rate) : client_(url, "bench-background") {
    start_ = Clock::now();
    client_.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
    thread_ = std::thread([this, rate] { run(rate); });
  }
  ~Background() {
    stop_ = true;
    thread_.join();
    try {
      client_.disconnect()->wait();
    } catch (...) {
    }
  }
  std::uint64_t events() const { return events_; }
  double seconds() const { return ms_between(start_, Clock::now()) / 1000.0; }

 private:
  void run(int rate) {
    constexpr int kNodes = 10, kPerBatch = 10;
    const auto period = std::chrono::microseconds(1'000'000LL * kPerBatch / std::max(rate, 1));
    std::vector<std::uint64_t> seq(kNodes, 0);
    static const char* states[] = {"available", "talking", "wrap_up", "talking", "available"};
    auto next = start_;
    std::deque<mqtt::delivery_token_ptr> in_flight;
    for (std::uint64_t i = 0; !stop_; ++i) {
      const int n = static_cast<int>(i % kNodes);
      const std::string node = "bg-" + std::to_string(n + 1);
      json evs = json::array();
      const std::int64_t ts = now_ms();
      for (int k = 0; k < kPerBatch; ++k) {
        const std::uint64_t s = ++seq[n];
        evs.push_back({{"seq", s},
                       {"ts", ts},
                       {"type", "agent.state"},
                       {"agent", "bg" + std::to_string(n) + "-" + std::to_string(s % 50)},
                       {"team", "bg-team-" + std::to_string(n)},
                       {"state", states[s % 5]}});
      }
      const std::string payload =
          json{{"v", 1}, {"node", node}, {"epoch", kEpoch}, {"events", evs}}.dump();
      // Not waited for, up to 8 in flight: past that, the oldest is waited for, which
      // paces the background if the broker falls behind.
      if (in_flight.size() >= 8) {
        in_flight.front()->wait();
        in_flight.pop_front();
      }
      in_flight.push_back(client_.publish("vigie/v1/" + kSite + "/node/" + node + "/evt",
                                          payload.data(), payload.size(), 1, false));
      events_ += kPerBatch;
      next += period;
      std::this_thread::sleep_until(next);
    }
    for (auto& t : in_flight) t->wait();
  }

  mqtt::async_client client_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> events_{0};
  Clock::time_point start_;  // set before the thread starts
};

// One bare broker hop: publish on a topic, time its arrival at a subscriber.
std::vector<double> bare_hops(const std::string& url, int count, std::mt19937& rng) {
  Stamping sub(url, "bench-hop-sub");
  sub.subscribe("bench/hop/#");
  mqtt::async_client pub(url, "bench-hop-pub");
  pub.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
  std::vector<double> out;
  std::uniform_int_distribution<int> gap(20, 60);
  for (int i = 0; i < count; ++i) {
    const std::string topic = "bench/hop/" + std::to_string(i);
    const auto t0 = Clock::now();
    pub.publish(topic, "x", 1, 1, false);
    if (auto at = sub.wait_for(topic, std::chrono::seconds(5))) out.push_back(ms_between(t0, *at));
    std::this_thread::sleep_for(std::chrono::milliseconds(gap(rng)));
  }
  pub.disconnect()->wait();
  return out;
}

// One bare one-row synchronous=FULL commit in WAL mode, on the same disk.
std::vector<double> bare_commits(const std::filesystem::path& file, int count) {
  std::filesystem::remove(file);
  vigie::store::Database db(file, {"FULL", false});
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, ts INTEGER, body TEXT)");
  auto insert = db.prepare("INSERT INTO t (ts, body) VALUES (?, ?)");
  std::vector<double> out;
  for (int i = 0; i < count; ++i) {
    const auto t0 = Clock::now();
    db.exec("BEGIN");
    insert.bind(1, static_cast<std::int64_t>(now_ms())).bind(2, std::string_view("acoustic_shock"));
    insert.run();
    db.exec("COMMIT");
    out.push_back(ms_between(t0, Clock::now()));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int probes = 600, rate = 1000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--probes" || a == "--rate") && i + 1 < argc) {
      const int v = std::atoi(argv[++i]);
      if (v <= 0) {
        std::cerr << "vigie_alert_latency_bench: " << a << " needs a positive integer\n";
        return 2;
      }
      (a == "--probes" ? probes : rate) = v;
    } else {
      std::cerr << "usage: vigie_alert_latency_bench [--probes N] [--rate EVENTS_PER_S]\n";
      return 2;
    }
  }
  const auto dir = std::filesystem::temp_directory_path() / "vigie-alert-latency";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  vigie::bench::print_fsync_time(dir / "fsync-probe");
  // Mosquitto saves its state every 60 s as shipped, not every second as the tests' broker.
  Broker broker(dir / "broker", shipped_autosave());
  // Each probe is a new agent (its alert opens, never one already open): up to 300 a minute,
  // past the default guard against a node inventing agents (200 a minute), which would refuse
  // the 201st and leave its probe without an alert.
  GatewayProcess gateway(dir / "gateway", broker.url(), "limits:\n  new_agents_per_minute: 1000\n");

  Stamping alerts(broker.url(), "bench-alert-sub");
  alerts.subscribe("vigie/v1/" + kSite + "/alert/ENV-03/#");
  mqtt::async_client probe(broker.url(), "bench-probe");
  probe.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();

  std::mt19937 rng(7);
  std::vector<double> latency;
  std::size_t missing = 0;
  Background background(broker.url(), rate);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the background settles

  std::uniform_int_distribution<int> gap(100, 300);
  for (int i = 1; i <= probes; ++i) {
    const std::string agent = "probe-" + std::to_string(i);
    const json ev = {{"seq", i},
                     {"ts", now_ms()},
                     {"type", "call.tag"},
                     {"agent", agent},
                     {"call", "c-" + std::to_string(i)},
                     {"tags", {"acoustic_shock"}}};
    const std::string payload =
        json{{"v", 1}, {"node", "probe-1"}, {"epoch", kEpoch}, {"events", {ev}}}.dump();
    const auto t0 = Clock::now();
    probe.publish("vigie/v1/" + kSite + "/node/probe-1/evt", payload.data(), payload.size(), 1,
                  false);
    const std::string topic = "vigie/v1/" + kSite + "/alert/ENV-03/agent." + agent;
    if (auto at = alerts.wait_for(topic, std::chrono::seconds(5)))
      latency.push_back(ms_between(t0, *at));
    else
      ++missing;
    std::this_thread::sleep_for(std::chrono::milliseconds(gap(rng)));
  }
  const auto hops = bare_hops(broker.url(), probes, rng);
  const auto commits = bare_commits(dir / "bare.db", probes);
  const double bg_rate = static_cast<double>(background.events()) / background.seconds();
  probe.disconnect()->wait();

  const std::int64_t stored = gateway.query("SELECT COUNT(*) FROM events");
  std::printf(
      "background: %.0f events/s from 10 nodes in batches of 10 (target %d); %lld events "
      "stored by the end\n",
      bg_rate, rate, static_cast<long long>(stored));
  const auto lat = percentiles(latency);
  const auto hop = percentiles(hops);
  const auto com = percentiles(commits);
  print("event -> alert on MQTT (gateway)", lat);
  print("bare broker hop", hop);
  print("bare synchronous=FULL commit", com);
  const double floor_p99 = 2 * hop.p99 + com.p99;
  std::printf("p99 ratio to two bare hops + one bare commit (%.2f ms): %.2f\n", floor_p99,
              floor_p99 > 0 ? lat.p99 / floor_p99 : 0.0);
  if (missing) std::printf("probes without an alert within 5 s: %zu\n", missing);
  vigie::bench::print_fsync_time(dir / "fsync-probe");
  return missing == 0 ? 0 : 1;
}
