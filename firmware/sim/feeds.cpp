#include "feeds.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>

extern char** environ;

namespace vigie::sim {

using nlohmann::json;

namespace {

class StdoutFeed : public Feed {
 public:
  bool write(const Emitted& e) override {
    std::cout << e.node << '\t' << e.event.dump() << '\n';
    return static_cast<bool>(std::cout);
  }
  void close() override { std::cout.flush(); }
};

class CaptureFeed : public Feed {
 public:
  CaptureFeed(const std::string& path, std::string site, std::uint32_t seed)
      : out_(path), site_(std::move(site)), rng_(seed) {
    if (!out_) throw std::runtime_error("cannot write capture " + path);
  }
  bool write(const Emitted& e) override {
    auto& n = node(e.node, e.ts);
    if (!n.pending.empty() && (n.pending.size() >= 100 || e.ts - n.first_ts >= 1000))
      flush(e.node, n);
    if (n.pending.empty()) n.first_ts = e.ts;
    json ev = e.event;
    ev["seq"] = ++n.seq;
    n.pending.push_back(std::move(ev));
    return static_cast<bool>(out_);
  }
  void close() override {
    for (auto& [name, n] : nodes_) flush(name, n);
    out_.flush();
  }

 private:
  struct NodeState {
    std::string epoch;
    std::uint64_t seq = 0;
    std::int64_t first_ts = 0;
    json pending = json::array();
  };
  NodeState& node(const std::string& name, std::int64_t ts) {
    auto it = nodes_.find(name);
    if (it != nodes_.end()) return it->second;
    NodeState n;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(rng_()));
    n.epoch = hex;
    const std::string base = "vigie/v1/" + site_ + "/node/" + name + "/";
    const char* kind = name.rfind("noise-", 0) == 0 ? "sensor" : "acd-bridge";
    line(base + "birth", {{"v", 1},
                          {"node", name},
                          {"epoch", n.epoch},
                          {"kind", kind},
                          {"fw", "sim-1"},
                          {"ts", ts}});
    line(base + "state", {{"state", "online"}, {"epoch", n.epoch}, {"ts", ts}});
    return nodes_.emplace(name, std::move(n)).first->second;
  }
  void flush(const std::string& name, NodeState& n) {
    if (n.pending.empty()) return;
    line("vigie/v1/" + site_ + "/node/" + name + "/evt",
         {{"v", 1}, {"node", name}, {"epoch", n.epoch}, {"events", n.pending}});
    n.pending = json::array();
  }
  void line(const std::string& topic, const json& payload) {
    out_ << json{{"topic", topic}, {"payload", payload}}.dump() << '\n';
  }

  std::ofstream out_;
  std::string site_;
  std::mt19937_64 rng_;
  std::map<std::string, NodeState> nodes_;
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
                                    l.store_dir + "/" + name + ".journal"};
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
  bool write(const Emitted& e) override {
    auto it = children_.find(e.node);
    if (it == children_.end() || !it->second.in) return false;
    const auto text = e.event.dump();
    std::fprintf(it->second.in, "%s\n", text.c_str());
    return std::fflush(it->second.in) == 0;
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
  std::map<std::string, Child> children_;
};

}  // namespace

std::unique_ptr<Feed> stdout_feed() {
  return std::make_unique<StdoutFeed>();
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
