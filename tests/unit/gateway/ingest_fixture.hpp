// The ingest pipeline's test fixture: a real SQLite file, a recording outbox
// and listener, a hand-set wall clock, and batches as acd-1 would send them.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "ingest/ingestor.hpp"
#include "store/schema.hpp"

namespace vigie::ingest::testing {

using nlohmann::json;

inline const std::string kEpoch = "9f2c41d07a3be810";
inline const std::string kEvt = "vigie/v1/paris-1/node/acd-1/evt";
// The events of batch() are dated kBase + seq s; the wall clock starts 100 s later.
inline constexpr std::int64_t kBase = 1764489600000;

struct Published {
  std::string topic, payload;
  bool retained;
};

class RecordingOutbox : public broker::Outbox {
 public:
  void publish(const std::string& t, const std::string& p, bool r) override {
    sent.push_back({t, p, r});
  }
  std::vector<Published> on(const std::string& leaf) const {
    std::vector<Published> out;
    for (const auto& m : sent)
      if (m.topic.size() >= leaf.size() && m.topic.ends_with(leaf)) out.push_back(m);
    return out;
  }
  std::vector<Published> sent;
};

struct RecordingListener : CommittedListener {
  void on_committed(std::vector<CommittedItem> items) override {
    for (auto& i : items) seen.push_back(std::move(i));
  }
  std::vector<CommittedItem> seen;
};

inline json event(std::uint64_t seq) {
  return {{"seq", seq},
          {"ts", kBase + static_cast<std::int64_t>(seq) * 1000},
          {"type", "agent.state"},
          {"agent", "4012"},
          {"team", "sav-1"},
          {"state", "available"}};
}

inline std::string batch(std::uint64_t from, std::uint64_t to, const std::string& epoch = kEpoch) {
  json events = json::array();
  for (auto s = from; s <= to; ++s) events.push_back(event(s));
  return json{{"v", 1}, {"node", "acd-1"}, {"epoch", epoch}, {"events", events}}.dump();
}

// One event SEQ dated TS.
inline std::string batch_at(std::uint64_t seq, std::int64_t ts) {
  json e = event(seq);
  e["ts"] = ts;
  return json{{"v", 1}, {"node", "acd-1"}, {"epoch", kEpoch}, {"events", json::array({e})}}.dump();
}

// A watermark: the batch's events (FROM..TO, none if FROM > TO) and `until`.
inline std::string watermark(std::uint64_t from, std::uint64_t to, std::int64_t until,
                             const std::string& epoch = kEpoch) {
  json events = json::array();
  for (auto s = from; s <= to; ++s) events.push_back(event(s));
  return json{{"v", 1}, {"node", "acd-1"}, {"epoch", epoch}, {"events", events}, {"until", until}}
      .dump();
}

class IngestorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("vigie-ingest-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    open();
  }
  void TearDown() override {
    ingestor_.reset();
    db_.reset();
    for (auto ext : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + ext);
  }
  // A new process on the same file.
  void open() {
    ingestor_.reset();
    db_ = std::make_unique<store::Database>(path_, store::OpenOptions{});
    store::migrate(*db_);
    metrics_ = std::make_unique<IngestMetrics>();
    ingestor_ = std::make_unique<Ingestor>(
        options_, *db_, outbox_, [this] { return now_; }, *metrics_);
    if (listener_) ingestor_->set_listener(listener_);
  }
  void listen(CommittedListener* l) {
    listener_ = l;
    ingestor_->set_listener(l);
  }
  std::int64_t count(const std::string& sql) { return db_->scalar(sql); }
  json last_ack() { return json::parse(outbox_.on("/ack").back().payload); }

  static IngestOptions default_options() {
    IngestOptions o;
    o.site = "paris-1";
    o.give_up = {5 * 60 * 1000, 30 * 1000};
    o.resync_repeat_after = std::chrono::seconds(10);
    return o;
  }

  IngestOptions options_ = default_options();  // a test may change them, then open()
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<IngestMetrics> metrics_;
  std::unique_ptr<Ingestor> ingestor_;
  CommittedListener* listener_ = nullptr;
  RecordingOutbox outbox_;
  TimestampMs now_ = kBase + 100'000;
};

}  // namespace vigie::ingest::testing
