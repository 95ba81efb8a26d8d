#include "feeds.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>

extern char** environ;

namespace vigie::sim {

using nlohmann::json;

namespace {

constexpr Ms kBatchMs = 1000;           // vigie-node's default --batch-ms
constexpr std::size_t kBatchMax = 100;  // and --batch-max

std::string until_line(Ms until) {
  return json{{"until", until}}.dump();
}

// When each node is next due a watermark: at the first time seen, then every
// kWatermarkEvery of sim time.
class Rhythm {
 public:
  bool due(const std::string& node, Ms now) {
    auto [it, fresh] = last_.try_emplace(node, now);
    if (!fresh && now - it->second < kWatermarkEvery) return false;
    it->second = now;
    return true;
  }

 private:
  std::map<std::string, Ms> last_;
};

class StdoutFeed : public Feed {
 public:
  explicit StdoutFeed(std::vector<std::string> nodes) : nodes_(std::move(nodes)) {}
  bool advance(Ms now) override {
    if (now <= now_) return static_cast<bool>(std::cout);
    now_ = now;
    for (const auto& node : nodes_)
      if (rhythm_.due(node, now)) std::cout << node << '\t' << until_line(now) << '\n';
    // A paced run pipes into vigie-node: what is due must not wait in a buffer.
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  bool write(const Emitted& e) override {
    advance(e.ts);
    std::cout << e.node << '\t' << e.event.dump() << '\n';
    return static_cast<bool>(std::cout);
  }
  void close() override { std::cout.flush(); }

 private:
  std::vector<std::string> nodes_;
  Rhythm rhythm_;
  Ms now_ = INT64_MIN;
};

class CaptureFeed : public Feed {
 public:
  CaptureFeed(const std::string& path, std::string site, std::uint32_t seed)
      : out_(path), site_(std::move(site)), rng_(seed) {
    if (!out_) throw std::runtime_error("cannot write capture " + path);
  }

  // Plays what the nodes send up to NOW, each at its moment: a batch when its
  // first event is kBatchMs old, a watermark kWatermarkEvery after a node's
  // last batch or watermark if nothing is pending. Every event before NOW is
  // written, so a watermark at any moment up to NOW tells the truth.
  bool advance(Ms now) override {
    if (now <= now_) return static_cast<bool>(out_);
    for (;;) {
      NodeState* next = nullptr;
      Ms when = now;
      for (auto& [name, n] : nodes_) {
        const Ms due = n.pending.empty() ? n.last_sent + kWatermarkEvery : n.first_ts + kBatchMs;
        if (due <= when && (next == nullptr || due < when)) {
          next = &n;
          when = due;
        }
      }
      if (next == nullptr) break;
      if (!next->pending.empty()) {
        flush(*next, when);
      } else {
        line(*next, "evt",
             {{"v", 1},
              {"node", next->name},
              {"epoch", next->epoch},
              {"events", json::array()},
              {"until", when}},
             when);
        next->last_sent = when;
      }
    }
    now_ = now;
    return static_cast<bool>(out_);
  }

  bool write(const Emitted& e) override {
    advance(e.ts);
    auto& n = node(e.node, e.ts);
    if (n.pending.empty()) n.first_ts = e.ts;
    json ev = e.event;
    ev["seq"] = ++n.seq;
    n.pending.push_back(std::move(ev));
    if (n.pending.size() >= kBatchMax) flush(n, e.ts);  // full: it leaves at once
    return static_cast<bool>(out_);
  }

  // What is still pending leaves at its last event's ts (never before a line
  // already written).
  void close() override {
    std::vector<NodeState*> left;
    for (auto& [name, n] : nodes_)
      if (!n.pending.empty()) left.push_back(&n);
    std::stable_sort(left.begin(), left.end(), [](const NodeState* a, const NodeState* b) {
      return a->last_ts() < b->last_ts();
    });
    for (NodeState* n : left) flush(*n, std::max(n->last_ts(), last_at_));
    out_.flush();
  }

 private:
  struct NodeState {
    std::string name;
    std::string epoch;
    std::uint64_t seq = 0;
    std::int64_t first_ts = 0;
    Ms last_sent = 0;  // the "at" of its last batch or watermark
    json pending = json::array();
    Ms last_ts() const { return pending.back()["ts"].get<Ms>(); }
  };

  NodeState& node(const std::string& name, Ms ts) {
    auto it = nodes_.find(name);
    if (it != nodes_.end()) return it->second;
    NodeState n;
    n.name = name;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(rng_()));
    n.epoch = hex;
    n.last_sent = ts;
    const char* kind = name.rfind("noise-", 0) == 0 ? "sensor" : "acd-bridge";
    line(
        n, "birth",
        {{"v", 1}, {"node", name}, {"epoch", n.epoch}, {"kind", kind}, {"fw", "sim-1"}, {"ts", ts}},
        ts);
    line(n, "state", {{"state", "online"}, {"epoch", n.epoch}, {"ts", ts}}, ts);
    return nodes_.emplace(name, std::move(n)).first->second;
  }

  void flush(NodeState& n, Ms at) {
    if (n.pending.empty()) return;
    line(n, "evt", {{"v", 1}, {"node", n.name}, {"epoch", n.epoch}, {"events", n.pending}}, at);
    n.pending = json::array();
    n.last_sent = at;
  }

  void line(const NodeState& n, const char* suffix, const json& payload, Ms at) {
    const std::string topic = "vigie/v1/" + site_ + "/node/" + n.name + "/" + suffix;
    out_ << json{{"topic", topic}, {"payload", payload}, {"at", at}}.dump() << '\n';
    last_at_ = at;
  }

  std::ofstream out_;
  std::string site_;
  std::mt19937_64 rng_;
  std::map<std::string, NodeState> nodes_;
  Ms now_ = INT64_MIN;
  Ms last_at_ = INT64_MIN;
};

class NodeProcessFeed : public Feed {
 public:
  NodeProcessFeed(const NodeLaunch& l, const std::vector<std::string>& nodes) {
    signal(SIGPIPE, SIG_IGN);
    for (const auto& name : nodes) {
      int fds[2];
      // Close-on-exec: the next node spawned must not hold this pipe open (no EOF).
      if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
      posix_spawn_file_actions_t fa;
      posix_spawn_file_actions_init(&fa);
      posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
      posix_spawn_file_actions_addclose(&fa, fds[1]);
      const std::string log = l.log_dir + "/" + name + ".log";
      posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      posix_spawn_file_actions_adddup2(&fa, 1, 2);
      const char* kind = name.rfind("noise-", 0) == 0 ? "sensor" : "acd-bridge";
      std::vector<std::string> args{l.binary,
                                    "--broker",
                                    l.broker_url,
                                    "--site",
                                    l.site,
                                    "--node",
                                    name,
                                    "--kind",
                                    kind,
                                    "--store",
                                    l.store_dir + "/" + name + ".journal",
                                    "--watermarks",
                                    "input"};
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      pid_t pid = -1;
      const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
      posix_spawn_file_actions_destroy(&fa);
      ::close(fds[0]);
      if (rc != 0) throw std::runtime_error("cannot start " + l.binary);
      children_[name] = {pid, fdopen(fds[1], "w")};
    }
  }
  ~NodeProcessFeed() override { close(); }
  // Each node's stdin holds every event before NOW: say so, once a beat.
  bool advance(Ms now) override {
    if (now < now_) return true;
    now_ = now;
    bool ok = true;
    for (auto& [name, c] : children_)
      if (c.in && rhythm_.due(name, now)) ok = send(c, until_line(now)) && ok;
    return ok;
  }
  bool write(const Emitted& e) override {
    if (!advance(e.ts)) return false;
    auto it = children_.find(e.node);
    if (it == children_.end() || !it->second.in) return false;
    return send(it->second, e.event.dump());
  }
  void close() override {
    for (auto& [name, c] : children_) {
      if (c.in) std::fclose(c.in);
      c.in = nullptr;
    }
    for (auto& [name, c] : children_) {
      if (c.pid > 0) waitpid(c.pid, nullptr, 0);
      c.pid = -1;
    }
  }

 private:
  struct Child {
    pid_t pid = -1;
    FILE* in = nullptr;
  };
  static bool send(Child& c, const std::string& text) {
    std::fprintf(c.in, "%s\n", text.c_str());
    return std::fflush(c.in) == 0;
  }
  std::map<std::string, Child> children_;
  Rhythm rhythm_;
  Ms now_ = INT64_MIN;
};

}  // namespace

std::unique_ptr<Feed> stdout_feed(const std::vector<std::string>& nodes) {
  return std::make_unique<StdoutFeed>(nodes);
}

std::unique_ptr<Feed> capture_feed(const std::string& path, const std::string& site,
                                   std::uint32_t seed) {
  return std::make_unique<CaptureFeed>(path, site, seed);
}

std::unique_ptr<Feed> node_process_feed(const NodeLaunch& launch,
                                        const std::vector<std::string>& nodes) {
  return std::make_unique<NodeProcessFeed>(launch, nodes);
}

}  // namespace vigie::sim
