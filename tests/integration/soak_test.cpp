// Soak: VIGIE_SOAK_MESSAGES MQTT messages (default 60,000; docs/fuzzing.md has
// a run of 10^6) mixing new batches, re-sent batches and malformed payloads,
// through a real Mosquitto to a real gateway. At the end the daemon answers
// healthz 200, every valid event is stored once, every re-sent one counted as
// a duplicate, every bad message quarantined once, and the gateway's resident
// memory after warm-up stayed flat: the last sample is at most 20 % + 4 MiB
// above the first one taken after the first fifth of the messages.
#include <gtest/gtest.h>
#include <mqtt/async_client.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"

using nlohmann::json;
using namespace vigie::testing;

namespace {

constexpr std::uint64_t kDefaultMessages = 60000;
constexpr int kNodes = 4;
constexpr int kAgents = 40;
constexpr std::uint64_t kEventsPerBatch = 2;
// Publisher flow control: PUBACKs awaited at most this many messages behind,
// and no node more than this many events ahead of the gateway's durable ack,
// so the broker's queue for the gateway stays small.
constexpr std::size_t kInflight = 32;
constexpr std::uint64_t kAckLag = 400;
constexpr int kRssSamples = 20;
constexpr int kWarmupSamples = 4;  // the first fifth of the run

const std::string kEpoch = "5a0c0ffee0d1e5a5";

std::uint64_t soak_messages() {
  const char* env = std::getenv("VIGIE_SOAK_MESSAGES");
  return env ? std::strtoull(env, nullptr, 10) : kDefaultMessages;
}

std::string node_name(int n) {
  return "soak-" + std::to_string(n);
}
std::string evt_topic(int n) {
  return "vigie/v1/paris-1/node/" + node_name(n) + "/evt";
}

// The gateway's resident set in KiB, from /proc/PID/status.
long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

// Whole-message refusals, each one quarantine record (none carries a seq).
std::string malformed(std::uint64_t i, int node) {
  switch (i % 5) {
    case 0:
      return "{\"v\":1,\"node\":";  // not JSON
    case 1:
      return std::string("{\"v\":1,\"node\":\"") + "\xc3\x28" + "\"}";  // not UTF-8
    case 2:
      return json{{"v", 2}, {"node", node_name(node)}, {"epoch", kEpoch}, {"events", json::array()}}
          .dump();
    case 3:  // names another node than its topic
      return json{{"v", 1}, {"node", "elsewhere"}, {"epoch", kEpoch}, {"events", json::array()}}
          .dump();
    default:
      return "{\"v\":1,\"events\":" + std::string(40, '[') + std::string(40, ']') + "}";
  }
}

class Publisher {
 public:
  explicit Publisher(const std::string& url) : client_(url, "soak-publisher") {
    client_.set_message_callback([this](mqtt::const_message_ptr m) {
      const auto ack = json::parse(m->get_payload_str(), nullptr, false);
      if (!ack.is_object() || !ack.contains("seq")) return;
      std::lock_guard lock(mu_);
      acked_[m->get_topic()] = ack["seq"].get<std::uint64_t>();
    });
    client_.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
    client_.subscribe("vigie/v1/paris-1/node/+/ack", 1)->wait();
  }
  ~Publisher() {
    try {
      client_.disconnect()->wait();
    } catch (...) {
    }
  }
  void publish(const std::string& topic, const std::string& payload) {
    while (inflight_.size() >= kInflight) {
      inflight_.front()->wait();
      inflight_.pop_front();
    }
    inflight_.push_back(client_.publish(topic, payload.data(), payload.size(), 1, false));
  }
  void drain() {
    for (auto& t : inflight_) t->wait();
    inflight_.clear();
  }
  std::uint64_t acked(int node) {
    std::lock_guard lock(mu_);
    auto it = acked_.find("vigie/v1/paris-1/node/" + node_name(node) + "/ack");
    return it == acked_.end() ? 0 : it->second;
  }

 private:
  mqtt::async_client client_;
  std::deque<mqtt::delivery_token_ptr> inflight_;
  std::mutex mu_;
  std::map<std::string, std::uint64_t> acked_;
};

// Adds `synchronous: NORMAL` under the generated config's `store:` and restarts.
void use_synchronous_normal(GatewayProcess& gateway) {
  std::string text;
  {
    std::ifstream in(gateway.config_path());
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const std::string path_line = "  path: vigie.db\n";
  const auto at = text.find(path_line);
  ASSERT_NE(at, std::string::npos) << text;
  text.insert(at + path_line.size(), "  synchronous: NORMAL\n");
  gateway.terminate();
  std::ofstream(gateway.config_path()) << text;
  gateway.start();
}

json stats(const GatewayProcess& gw) {
  const auto reply = http_get(gw.http_port(), "/api/v1/stats", kTestToken);
  const auto body = reply.find(' ') == std::string::npos ? "" : reply.substr(reply.find(' ') + 1);
  return json::parse(body, nullptr, false);
}

}  // namespace

TEST(Soak, MixedTrafficLeavesTheDaemonAliveItsMemoryFlatAndEveryEventCountedOnce) {
  const std::uint64_t messages = soak_messages();
  ASSERT_GE(messages, 1000u) << "VIGIE_SOAK_MESSAGES must be at least 1000";
  const auto dir =
      std::filesystem::temp_directory_path() / ("vigie-soak-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Broker broker(dir / "broker");
  GatewayProcess gateway(dir / "gateway", broker.url());
  // One SQLite transaction per message: NORMAL (safe against a crash, not a
  // power cut) keeps 10^6 of them within minutes instead of hours.
  use_synchronous_normal(gateway);
  Publisher publisher(broker.url());

  std::uint64_t seq[kNodes] = {};
  std::string last_batch[kNodes];
  std::uint64_t valid = 0, resent = 0, bad = 0, event_index = 0;
  std::vector<long> rss;
  const auto started = std::chrono::steady_clock::now();
  const auto sample_every = messages / kRssSamples;

  for (std::uint64_t i = 0; i < messages; ++i) {
    const int node = static_cast<int>(i % kNodes);
    const auto kind = i % 10;
    if (kind == 7 && !last_batch[node].empty()) {
      publisher.publish(evt_topic(node), last_batch[node]);  // a batch sent again
      ++resent;
    } else if (kind == 9) {
      publisher.publish(evt_topic(node), malformed(i / 10, node));
      ++bad;
    } else {
      // Back-pressure: wait for the gateway's durable ack to come within reach.
      while (seq[node] > publisher.acked(node) + kAckLag)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      json events = json::array();
      for (std::uint64_t k = 0; k < kEventsPerBatch; ++k, ++event_index) {
        const int agent = static_cast<int>(event_index % kAgents);
        static const char* states[] = {"available", "talking", "wrap_up", "available"};
        events.push_back({{"seq", ++seq[node]},
                          {"ts", 1764489600000 + static_cast<std::int64_t>(event_index) * 50},
                          {"type", "agent.state"},
                          {"agent", "ag" + std::to_string(agent)},
                          {"team", "sav-" + std::to_string(agent % 4)},
                          {"state", states[(event_index / kAgents) % 4]}});
      }
      last_batch[node] =
          json{{"v", 1}, {"node", node_name(node)}, {"epoch", kEpoch}, {"events", events}}.dump();
      publisher.publish(evt_topic(node), last_batch[node]);
      ++valid;
    }
    if ((i + 1) % sample_every == 0) {
      rss.push_back(rss_kib(gateway.pid()));
      const auto s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
      std::cout << "soak: " << (i + 1) << " messages in " << static_cast<int>(s.count())
                << " s, gateway VmRSS " << rss.back() << " KiB" << std::endl;
    }
  }
  publisher.drain();

  const auto want_stored = valid * kEventsPerBatch;
  const auto want_duplicates = resent * kEventsPerBatch;
  const bool settled = eventually(
      [&] {
        const auto s = stats(gateway);
        return s.is_object() && s["events_stored"] == want_stored &&
               s["duplicates"] == want_duplicates && s["quarantined"] == bad;
      },
      std::chrono::minutes(10));
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  std::cout << "soak: " << messages << " messages (" << valid << " batches, " << resent
            << " re-sent, " << bad << " malformed) handled in " << elapsed.count() << " s"
            << std::endl;
  EXPECT_TRUE(settled) << stats(gateway).dump();

  EXPECT_EQ(http_get(gateway.http_port(), "/healthz").substr(0, 3), "200");
  EXPECT_TRUE(gateway.running());
  EXPECT_EQ(gateway.query("SELECT count(*) FROM events"), static_cast<std::int64_t>(want_stored));
  EXPECT_EQ(gateway.query("SELECT count(*) FROM (SELECT node, epoch, seq FROM events "
                          "GROUP BY node, epoch, seq HAVING count(*) > 1)"),
            0);
  EXPECT_EQ(gateway.query("SELECT count(*) FROM quarantine"), static_cast<std::int64_t>(bad));
  EXPECT_EQ(gateway.query("SELECT value FROM counters WHERE name = 'duplicates'"),
            static_cast<std::int64_t>(want_duplicates));
  EXPECT_EQ(gateway.query("SELECT count(*) FROM gaps"), 0);
  for (int n = 0; n < kNodes; ++n)
    EXPECT_EQ(gateway.query("SELECT max(seq) FROM events WHERE node = '" + node_name(n) + "'"),
              static_cast<std::int64_t>(seq[n]));

  ASSERT_EQ(rss.size(), static_cast<std::size_t>(kRssSamples));
  const long baseline = rss[kWarmupSamples];
  const long bound = baseline + baseline / 5 + 4096;
  std::cout << "soak: VmRSS after warm-up " << baseline << " KiB, at the end " << rss.back()
            << " KiB (bound " << bound << " KiB)" << std::endl;
  EXPECT_LE(rss.back(), bound) << "the gateway's memory grew during the soak";
  if (!HasFailure())
    std::filesystem::remove_all(dir);
  else
    std::cerr << "--- gateway log ---\n" << gateway.log_text() << std::endl;
}
