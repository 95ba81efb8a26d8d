// The ingestor's ceilings on nodes and agents, and bound refusals counted in
// /metrics: past a ceiling the message or event is quarantined with its reason,
// what is already known keeps working, and a restart keeps the same view.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "ingest/ingestor.hpp"
#include "store/schema.hpp"

using nlohmann::json;
using namespace vigie;
using namespace vigie::ingest;

namespace {

const std::string kEpoch = "9f2c41d07a3be810";

class NullOutbox : public broker::Outbox {
 public:
  void publish(const std::string&, const std::string& payload, bool retained) override {
    if (retained) last_retained = payload;
  }
  std::string last_retained;
};

std::string topic(const std::string& node) {
  return "vigie/v1/paris-1/node/" + node + "/evt";
}

std::string batch(const std::string& node, std::uint64_t seq, const std::string& agent) {
  json e = {{"seq", seq},
            {"ts", 1764489600000 + static_cast<std::int64_t>(seq)},
            {"type", "agent.state"},
            {"agent", agent},
            {"team", "sav-1"},
            {"state", "available"}};
  return json{{"v", 1}, {"node", node}, {"epoch", kEpoch}, {"events", json::array({e})}}.dump();
}

class IngestorBoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("vigie-bounds-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    open();
  }
  void TearDown() override {
    ingestor_.reset();
    db_.reset();
    for (auto ext : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + ext);
  }
  void open() {
    ingestor_.reset();
    db_ = std::make_unique<store::Database>(path_, store::OpenOptions{});
    store::migrate(*db_);
    metrics_ = std::make_unique<IngestMetrics>();
    IngestOptions options;
    options.site = "paris-1";
    options.max_nodes = 3;
    options.max_agents = 3;
    ingestor_ = std::make_unique<Ingestor>(
        options, *db_, outbox_, [] { return TimestampMs{1764489700000}; }, *metrics_);
  }
  std::int64_t count(const std::string& sql) { return db_->scalar(sql); }
  std::uint64_t refused(RefusalKind k) { return metrics_->refused.value(k); }

  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<IngestMetrics> metrics_;
  std::unique_ptr<Ingestor> ingestor_;
  NullOutbox outbox_;
};

}  // namespace

TEST_F(IngestorBoundsTest, NodesUpToTheCeilingAreTrackedTheNextNewOneIsQuarantined) {
  ingestor_->on_message(topic("n1"), batch("n1", 1, "a1"));
  ingestor_->on_message(topic("n2"), batch("n2", 1, "a1"));  // one short of the ceiling
  EXPECT_EQ(metrics_->nodes_total, 2u);
  ingestor_->on_message(topic("n3"), batch("n3", 1, "a1"));  // at it
  EXPECT_EQ(metrics_->nodes_total, 3u);
  EXPECT_EQ(count("SELECT count(*) FROM events"), 3);

  ingestor_->on_message(topic("n4"), batch("n4", 1, "a1"));  // past it
  EXPECT_EQ(count("SELECT count(*) FROM events"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE node = 'n4' AND reason = "
                  "'too many nodes: ''n4'' is new and the gateway already tracks 3 nodes "
                  "(its limit)'"),
            1);
  EXPECT_EQ(refused(RefusalKind::too_many_nodes), 1u);
  EXPECT_EQ(metrics_->quarantined, 1u);
  EXPECT_EQ(metrics_->nodes_total, 3u);

  ingestor_->on_message(topic("n1"), batch("n1", 2, "a1"));  // a known node keeps working
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE node = 'n1'"), 2);

  open();  // after a restart the same nodes are known
  ingestor_->on_message(topic("n4"), batch("n4", 1, "a1"));
  ingestor_->on_message(topic("n2"), batch("n2", 2, "a1"));
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE node = 'n4'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE node = 'n2'"), 2);
}

TEST_F(IngestorBoundsTest,
       AgentsUpToTheCeilingAreTrackedTheNextNewOneIsQuarantinedAndItsSeqConsumed) {
  ingestor_->on_message(topic("n1"), batch("n1", 1, "a1"));
  ingestor_->on_message(topic("n1"), batch("n1", 2, "a2"));  // one short
  EXPECT_EQ(metrics_->agents_total, 2u);
  ingestor_->on_message(topic("n1"), batch("n1", 3, "a3"));  // at
  EXPECT_EQ(metrics_->agents_total, 3u);
  ingestor_->on_message(topic("n1"), batch("n1", 4, "a4"));  // past
  EXPECT_EQ(count("SELECT count(*) FROM events"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE seq = 4 AND reason LIKE "
                  "'too many agents: ''a4'' is new%'"),
            1);
  EXPECT_EQ(refused(RefusalKind::too_many_agents), 1u);
  EXPECT_EQ(json::parse(outbox_.last_retained)["seq"], 4) << "a refused event opens no gap";

  ingestor_->on_message(topic("n1"), batch("n1", 5, "a2"));  // a known agent keeps working
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE agent = 'a2'"), 2);

  open();  // the store tells a restarted gateway which agents it tracks
  EXPECT_EQ(metrics_->agents_total, 3u);
  ingestor_->on_message(topic("n1"), batch("n1", 6, "a5"));
  ingestor_->on_message(topic("n1"), batch("n1", 7, "a3"));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE agent = 'a5'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE agent = 'a3'"), 2);
}

TEST_F(IngestorBoundsTest, BoundRefusalsAreCountedInMetricsByReasonOncePerQuarantineRecord) {
  ingestor_->on_message(topic("n1"), std::string(kMaxPayloadBytes + 1, ' '));
  ingestor_->on_message(topic("n1"), "{not json");  // refused, but breaks no bound
  json e = {{"seq", 1},
            {"ts", 1},
            {"type", "agent.state"},
            {"agent", std::string(65, 'a')},
            {"team", "t"},
            {"state", "available"}};
  const auto long_id =
      json{{"v", 1}, {"node", "n1"}, {"epoch", kEpoch}, {"events", json::array({e})}}.dump();
  ingestor_->on_message(topic("n1"), long_id);
  ingestor_->on_message(topic("n1"), long_id);  // redelivered: a duplicate, not a second refusal
  EXPECT_EQ(metrics_->quarantined, 3u);
  EXPECT_EQ(metrics_->duplicates, 1u);
  const auto text = metrics_->prometheus_text();
  EXPECT_NE(text.find("# TYPE vigie_refused_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("vigie_refused_total{reason=\"payload_too_large\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("vigie_refused_total{reason=\"string_too_long\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("vigie_refused_total{reason=\"too_many_agents\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("vigie_refused_total{reason=\"nesting_too_deep\"} 0\n"), std::string::npos);
  EXPECT_EQ(text.find("reason=\"invalid\""), std::string::npos);
  EXPECT_NE(text.find("vigie_agents_known 0\n"), std::string::npos);
}
