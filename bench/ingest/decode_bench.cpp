// Decoding a node's batch (ingest/decode: checks, duplicate members, each event's fields)
// against a bare nlohmann::json::parse of the same text, in the same process: the share
// of a message's handler that is decoding, without the disk or the broker in the figure.
//
//   build/default/bench/vigie_decode_bench [--events N] [--rounds N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ingest/decode.hpp"

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// What the ingest bench's case (a) publishes: agent.state events for 50 agents.
std::string batch(std::size_t events) {
  json evs = json::array();
  for (std::size_t i = 1; i <= events; ++i)
    evs.push_back({{"seq", i},
                   {"ts", 1764489600000 + static_cast<std::int64_t>(i) * 1000},
                   {"type", "agent.state"},
                   {"agent", "a" + std::to_string(i % 50)},
                   {"team", "sav-1"},
                   {"state", i % 2 ? "talking" : "available"}});
  return json{{"v", 1}, {"node", "bench-1"}, {"epoch", "00000000000000b1"}, {"events", evs}}.dump();
}

template <typename F>
double ns_per_call(F&& f, int calls) {
  const auto start = Clock::now();
  for (int i = 0; i < calls; ++i) f();
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / calls;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t events = 100;
  int rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--events") events = std::stoul(argv[i + 1]);
    if (a == "--rounds") rounds = std::max(1, std::stoi(argv[i + 1]));
  }
  const std::string text = batch(events);
  const int calls = static_cast<int>(std::max<std::size_t>(200, 400000 / events));
  std::size_t sink = 0;
  std::vector<double> ratios;
  std::printf("decode of a batch of %zu agent.state events (%zu bytes), %d calls a round\n", events,
              text.size(), calls);
  for (int r = 1; r <= rounds; ++r) {
    const double bare = ns_per_call([&] { sink += json::parse(text).size(); }, calls);
    const double vigie = ns_per_call(
        [&] {
          auto d = vigie::ingest::decode_batch(text, "bench-1");
          sink += std::get<vigie::ingest::EventBatch>(d).events.size();
        },
        calls);
    ratios.push_back(vigie / bare);
    std::printf(
        "round %d: decode_batch %.0f ns an event, json::parse %.0f ns an event: %.2f times\n", r,
        vigie / static_cast<double>(events), bare / static_cast<double>(events), ratios.back());
  }
  std::sort(ratios.begin(), ratios.end());
  std::printf("median: decode_batch takes %.2f times a bare json::parse (%zu)\n",
              ratios[ratios.size() / 2], sink % 2);
  return 0;
}
