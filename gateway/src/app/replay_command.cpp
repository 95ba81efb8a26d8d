// `vigie replay --config FILE --input FILE [--output FILE]`: a capture (one
// MQTT message a line) through the same decoding, ingest and engine as the
// live gateway, in event time, without a broker. Writes every alert
// transition as one JSON line: the alert as it stands after it.
//
// Gateway time in a replay: a line's "at" (the time the message reached the
// gateway, as a recording or vigie-sim gives it) when it has one, so that the
// silence rule and max_skew judge it as the live gateway did; otherwise the
// site clock, the latest event time of any node.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/engine_setup.hpp"
#include "app/ingest_setup.hpp"
#include "config/config.hpp"
#include "engine/alert_json.hpp"
#include "ingest/ingestor.hpp"
#include "store/schema.hpp"
#include "watch/floor_watch.hpp"

namespace vigie::app {
namespace {

using nlohmann::json;

constexpr const char* kReplayUsage =
    "usage: vigie replay --config FILE --input FILE [--output FILE]\n"
    "\n"
    "Feeds a capture (JSON lines {\"topic\",\"payload\"|\"payload_text\"|\"payload_b64\"}\n"
    "[,\"at\": ms the message reached the gateway]) through the gateway's pipeline in\n"
    "event time and writes each alert transition as a JSON line (to stdout without\n"
    "--output). Same input, same output.\n";

class NoOutbox : public broker::Outbox {
 public:
  void publish(const std::string&, const std::string&, bool) override {}
};

std::optional<std::string> base64_decode(const std::string& in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// The latest event time a payload carries: without "at", the replay's clock moves with it.
TimestampMs latest_ts(const json& payload) {
  TimestampMs t = 0;
  if (!payload.is_object()) return t;
  if (auto it = payload.find("ts"); it != payload.end() && it->is_number_integer())
    t = it->get<TimestampMs>();
  if (auto it = payload.find("until"); it != payload.end() && it->is_number_integer())
    t = std::max(t, it->get<TimestampMs>());
  if (auto it = payload.find("events"); it != payload.end() && it->is_array())
    for (const auto& e : *it)
      if (e.is_object() && e.contains("ts") && e["ts"].is_number_integer())
        t = std::max(t, e["ts"].get<TimestampMs>());
  return t;
}

constexpr Usage kUsage{"vigie replay", kReplayUsage};

}  // namespace

int replay_command(const std::vector<std::string>& args) {
  if (asks_for_help(args)) return kUsage.help();
  const auto read = read_options(args, {"--config", "--input", "--output"});
  if (read.unexpected) return kUsage.unexpected(*read.unexpected);
  const auto config_path = read["--config"], input_path = read["--input"],
             output_path = read["--output"];
  if (config_path.empty() || input_path.empty())
    return kUsage.error("--config and --input are required");
  Config config;
  engine::EngineOptions options;
  ingest::IngestOptions ingest_opts;
  try {
    config = load_config(config_path);
    options = engine_options(config);
    ingest_opts = ingest_options(config, options);
  } catch (const std::exception& e) {
    std::cerr << "vigie replay: " << e.what() << "\n";
    return 2;
  }
  std::ifstream input(input_path);
  if (!input) {
    std::cerr << "vigie replay: cannot read " << input_path << "\n";
    return 2;
  }
  std::ofstream file_out;
  if (!output_path.empty()) {
    file_out.open(output_path, std::ios::trunc);
    if (!file_out) {
      std::cerr << "vigie replay: cannot write " << output_path << "\n";
      return 2;
    }
  }
  std::ostream& out = output_path.empty() ? std::cout : file_out;

  store::Database db(":memory:", store::OpenOptions{"OFF", false});
  store::migrate(db);
  NoOutbox outbox;
  ingest::IngestMetrics metrics;
  engine::ManualClock clock(0);
  // Ingest's clock is the engine's, but for the last look past the capture's end.
  std::optional<TimestampMs> ingest_after;
  ingest::Ingestor ingestor(
      ingest_opts, db, outbox, [&] { return ingest_after.value_or(clock.now()); }, metrics);
  watch::FloorWatch watch(std::move(options), db, nullptr, nullptr);
  watch.go_live(clock, std::chrono::milliseconds(0));
  std::uint64_t transitions = 0;
  watch.add_observer([&](const engine::AlertTransition& t) {
    out << engine::to_json(t.alert) << '\n';
    ++transitions;
  });
  ingestor.set_listener(&watch);

  std::string line;
  std::uint64_t number = 0;
  while (std::getline(input, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json msg;
    try {
      msg = json::parse(line);
    } catch (const json::parse_error&) {
      std::cerr << "vigie replay: " << input_path << ":" << number << ": not a JSON object\n";
      return 2;
    }
    if (!msg.is_object() || !msg.contains("topic") || !msg["topic"].is_string()) {
      std::cerr << "vigie replay: " << input_path << ":" << number << ": missing \"topic\"\n";
      return 2;
    }
    if (msg.contains("at")) {
      if (!msg["at"].is_number_integer()) {
        std::cerr << "vigie replay: " << input_path << ":" << number
                  << ": \"at\" must be an integer (ms since the epoch)\n";
        return 2;
      }
      clock.set(std::max(clock.now(), msg["at"].get<TimestampMs>()));
    } else if (msg.contains("payload")) {
      clock.set(std::max(clock.now(), latest_ts(msg["payload"])));
    }
    std::string payload;
    if (msg.contains("payload")) {
      payload = msg["payload"].dump();
    } else if (msg.contains("payload_text") && msg["payload_text"].is_string()) {
      payload = msg["payload_text"].get<std::string>();
    } else if (msg.contains("payload_b64") && msg["payload_b64"].is_string()) {
      auto bytes = base64_decode(msg["payload_b64"].get<std::string>());
      if (!bytes) {
        std::cerr << "vigie replay: " << input_path << ":" << number << ": bad payload_b64\n";
        return 2;
      }
      payload = *bytes;
    } else {
      std::cerr << "vigie replay: " << input_path << ":" << number
                << ": needs \"payload\", \"payload_text\" or \"payload_b64\"\n";
      return 2;
    }
    ingestor.tick();  // what the wall clock decides before this message, as live
    ingestor.on_message(msg["topic"].get<std::string>(), payload);
    watch.engine_for_replay().tick();
  }
  // Live, the gateway goes on past the capture's end: holes that only wait
  // for an unanswered resync are given up as they would be then.
  ingest_after = clock.now() + ingest_opts.give_up.resync_wait;
  ingestor.tick();
  out.flush();
  const auto s = metrics.stats();
  std::cerr << "vigie replay: " << number << " messages, " << s.events_stored << " events stored, "
            << s.duplicates << " duplicates, " << s.quarantined << " quarantined, " << s.gaps
            << " gaps, " << transitions << " alert transitions\n";
  return 0;
}

}  // namespace vigie::app
