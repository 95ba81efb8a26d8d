// The sim's feeds in event-time order: a capture whose lines reach the
// gateway in "at" order with batches as vigie-node sends them, and watermarks
// ("until") on every feed that never run ahead of a node's later events.
#include "feeds.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace vigie::sim;
using nlohmann::json;

namespace {

// 2026-11-30 00:00 Europe/Paris (a Monday).
constexpr Ms kMonday = 1795993200000;
constexpr Ms kHour = 3600 * 1000LL;

CentreOptions options(std::uint32_t seed, int agents, Ms duration) {
  setenv("TZ", "Europe/Paris", 1);
  tzset();
  CentreOptions o;
  o.agents = agents;
  o.seed = seed;
  o.start = kMonday;
  o.duration = duration;
  return o;
}

// Runs the centre into FEED the way vigie-sim does.
std::uint64_t run_into(Centre& centre, Feed& feed) {
  std::uint64_t sent = 0;
  centre.run([&](const Emitted& e) {
    ++sent;
    return feed.write(e);
  });
  feed.close();
  return sent;
}

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/vigie-sim-feeds-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::vector<json> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<json> out;
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

std::string node_of(const std::string& topic) {
  const auto start = topic.find("/node/") + 6;
  return topic.substr(start, topic.find('/', start) - start);
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Per node, what a stream of event and until lines promises and then does.
class UntilCheck {
 public:
  void until(const std::string& node, Ms t) {
    auto& n = nodes_[node];
    if (n.untils > 0) {
      EXPECT_GE(t, n.until) << node << ": watermarks never go back";
    }
    n.until = t;
    ++n.untils;
  }
  void event(const std::string& node, Ms ts) {
    auto& n = nodes_[node];
    if (n.untils > 0) {
      EXPECT_GE(ts, n.until) << node << ": an event below a watermark given before it";
    }
    ++n.events;
  }
  void expect_every_node_has_watermarks(std::size_t nodes) const {
    EXPECT_EQ(nodes_.size(), nodes);
    for (const auto& [name, n] : nodes_) {
      EXPECT_GT(n.untils, 0u) << name;
      EXPECT_GT(n.events, 0u) << name;
    }
  }
  std::uint64_t untils(const std::string& node) const { return nodes_.at(node).untils; }

 private:
  struct Node {
    Ms until = 0;
    std::uint64_t untils = 0, events = 0;
  };
  std::map<std::string, Node> nodes_;
};

struct CaptureFigures {
  std::uint64_t events = 0, batches = 0, watermarks = 0;
};

// Every property the gateway relies on, checked line by line.
CaptureFigures check_capture(const std::vector<json>& lines) {
  CaptureFigures f;
  UntilCheck untils;
  std::map<std::string, std::uint64_t> seq;
  std::map<std::string, bool> born;
  Ms latest_at = INT64_MIN;  // of the lines before this one
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const json& l = lines[i];
    const std::string topic = l.at("topic");
    const std::string node = node_of(topic);
    const json& p = l.at("payload");
    EXPECT_TRUE(l.at("at").is_number_integer()) << i;
    const Ms at = l.at("at");
    EXPECT_GE(at, latest_at) << "line " << i << " reaches the gateway before the one above";
    if (ends_with(topic, "/birth")) {
      EXPECT_FALSE(born[node]) << node;
      born[node] = true;
      EXPECT_EQ(at, p.at("ts").get<Ms>()) << i;
    } else if (ends_with(topic, "/state")) {
      EXPECT_EQ(at, p.at("ts").get<Ms>()) << i;
    } else {
      EXPECT_TRUE(ends_with(topic, "/evt")) << topic;
      EXPECT_TRUE(born[node]) << node << " publishes before its birth";
      const json& events = p.at("events");
      EXPECT_LE(events.size(), 100u) << i;
      if (events.empty()) {
        ++f.watermarks;
        EXPECT_LE(p.at("until").get<Ms>(), at) << i;
        untils.until(node, p.at("until"));
      } else {
        ++f.batches;
        EXPECT_FALSE(p.contains("until")) << i;
      }
      for (const auto& e : events) {
        const Ms ts = e.at("ts");
        EXPECT_LE(ts, at) << "line " << i << " holds an event from after it was sent";
        if (latest_at != INT64_MIN) {
          EXPECT_GE(ts + 1000, latest_at)
              << "line " << i << ": an event of " << node << " at " << ts
              << " comes after a line that reached the gateway at " << latest_at;
        }
        EXPECT_EQ(e.at("seq").get<std::uint64_t>(), ++seq[node]) << node << " at line " << i;
        untils.event(node, ts);
        ++f.events;
      }
    }
    latest_at = std::max(latest_at, at);
  }
  untils.expect_every_node_has_watermarks(5);
  return f;
}

}  // namespace

// The regression: at night an ACD batch of one event (a break at 18:57:17)
// was written after many minutes of noise samples (the 19:06 ones), so the
// gateway saw the ACD's event long after other nodes had moved past it.
TEST(SimCapture, LinesReachTheGatewayInEventTimeOrderOverTwoDays) {
  for (std::uint32_t seed : {1u, 2u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    TempDir dir;
    const std::string path = dir.path() + "/capture.jsonl";
    Centre centre(options(seed, 40, 48 * kHour));
    auto feed = capture_feed(path, "paris-1", seed);
    const std::uint64_t sent = run_into(centre, *feed);
    const auto lines = read_lines(path);
    const CaptureFigures f = check_capture(lines);
    EXPECT_EQ(f.events, sent) << "every event is in the capture, once";
    EXPECT_GT(f.batches, 1000u);
    // Each node is quiet for hours at night: a watermark every 10 s of it.
    EXPECT_GT(f.watermarks, 5u * 3600 / 10);
  }
}

TEST(SimCapture, ABatchLeavesAsVigieNodeWouldSendIt) {
  TempDir dir;
  const std::string path = dir.path() + "/capture.jsonl";
  auto feed = capture_feed(path, "paris-1", 1);
  auto event = [](Ms ts, const std::string& node) {
    return Emitted{ts, node, json{{"type", "env.sample"}, {"ts", ts}}};
  };
  const Ms t = kMonday;
  feed->write(event(t, "acd-1"));
  feed->write(event(t + 400, "acd-1"));
  feed->write(event(t + 300'000, "noise-1"));  // five minutes on, another node
  for (int i = 0; i < 100; ++i) feed->write(event(t + 300'001, "noise-1"));
  feed->write(event(t + 300'002, "noise-1"));
  feed->close();
  std::vector<std::string> seen;
  std::vector<Ms> untils;
  for (const auto& l : read_lines(path)) {
    const json& p = l["payload"];
    const std::string topic = l["topic"];
    const Ms at = l["at"].get<Ms>() - t;
    if (p.contains("until")) {
      EXPECT_EQ(node_of(topic), "acd-1");
      untils.push_back(p["until"].get<Ms>() - t);
      EXPECT_EQ(at, untils.back());
      continue;
    }
    std::string what = node_of(topic) + " " + topic.substr(topic.rfind('/') + 1);
    if (p.contains("events")) what += " " + std::to_string(p["events"].size());
    seen.push_back(what + " at " + std::to_string(at));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "acd-1 birth at 0", "acd-1 state at 0",
                      "acd-1 evt 2 at 1000",  // its first event 1 s old, not five minutes
                      "noise-1 birth at 300000", "noise-1 state at 300000",
                      "noise-1 evt 100 at 300001",  // full: it leaves with its 100th event
                      "noise-1 evt 2 at 300002",    // at close: its last event's ts
                  }));
  // Meanwhile the quiet ACD vouched for its past every 10 s after its batch.
  ASSERT_EQ(untils.size(), 29u);
  for (std::size_t i = 0; i < untils.size(); ++i)
    EXPECT_EQ(untils[i], 11000 + 10000 * static_cast<Ms>(i));
}

TEST(SimCapture, AQuietNodeGetsAWatermarkEveryTenSecondsOnceItsBatchHasLeft) {
  TempDir dir;
  const std::string path = dir.path() + "/capture.jsonl";
  auto feed = capture_feed(path, "paris-1", 1);
  const Ms t = kMonday;
  feed->write(Emitted{t, "acd-1", json{{"type", "env.sample"}, {"ts", t}}});
  feed->advance(t + 35000);  // one leap: each watermark still at its own moment
  feed->close();
  std::vector<Ms> untils;
  for (const auto& l : read_lines(path))
    if (l["payload"].contains("until")) {
      EXPECT_EQ(l["at"], l["payload"]["until"]);
      untils.push_back(l["payload"]["until"].get<Ms>() - t);
    }
  EXPECT_EQ(untils, (std::vector<Ms>{11000, 21000, 31000}));  // the batch left at 1000
}

TEST(SimStdout, PrintsUntilLinesForEachNodeThatNeverRunAheadOfItsEvents) {
  Centre centre(options(3, 12, 6 * kHour));
  auto feed = stdout_feed(centre.nodes());
  testing::internal::CaptureStdout();
  run_into(centre, *feed);
  const std::string out = testing::internal::GetCapturedStdout();
  UntilCheck check;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string node = line.substr(0, tab);
    const json j = json::parse(line.substr(tab + 1));
    if (j.contains("until")) {
      ASSERT_EQ(j.size(), 1u) << line;
      check.until(node, j["until"]);
    } else {
      check.event(node, j["ts"]);
    }
  }
  check.expect_every_node_has_watermarks(5);
  // In a fast run sim time moves with the events: at night, a sample a minute.
  EXPECT_GE(check.untils("acd-1"), 6u * 60 - 10);
}

// vigie-node stands in as a script that echoes its arguments, then its stdin,
// to the log the sim gives it.
TEST(SimNodeFeed, FeedsEachNodeItsEventsAndUntilLinesWithWatermarksFromInput) {
  TempDir dir;
  const std::string script = dir.path() + "/fake-node";
  {
    std::ofstream s(script);
    s << "#!/bin/sh\necho \"args: $*\"\nexec cat\n";
  }
  ASSERT_EQ(::chmod(script.c_str(), 0755), 0);
  Centre centre(options(4, 12, 3 * kHour));
  {
    auto feed = node_process_feed({script, "tcp://127.0.0.1:1", "paris-1", dir.path(), dir.path()},
                                  centre.nodes());
    run_into(centre, *feed);
  }
  UntilCheck check;
  for (const auto& node : centre.nodes()) {
    std::ifstream log(dir.path() + "/" + node + ".log");
    std::string line;
    ASSERT_TRUE(std::getline(log, line)) << node;
    EXPECT_NE(line.find("--node " + node + " "), std::string::npos) << line;
    EXPECT_NE(line.find("--watermarks input"), std::string::npos) << line;
    while (std::getline(log, line)) {
      const json j = json::parse(line);
      if (j.contains("until")) {
        ASSERT_EQ(j.size(), 1u) << line;
        check.until(node, j["until"]);
      } else {
        check.event(node, j["ts"]);
      }
    }
  }
  check.expect_every_node_has_watermarks(5);
}
