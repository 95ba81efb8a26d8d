// The node session against fake ports: announce, batching, acks, resends,
// resync, nudges, bad input, and stop.
#include "core/node_session.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "bad_payloads.hpp"
#include "fake_ports.hpp"
#include "sample_events.hpp"

namespace vigie::fw {
namespace {

using testing::FakeClock;
using testing::FakeFlash;
using testing::FakeIndicator;
using testing::FakeTransport;
using testing::numbered_event;
using testing::Publication;

constexpr std::uint64_t kEpoch = 0x9f2c41d07a3be810;
const std::string kPrefix = "vigie/v1/paris-1/node/acd-1/";

struct TestPorts {
  using Clock = FakeClock;
  using Transport = FakeTransport;
  using Flash = FakeFlash;
  using Indicator = FakeIndicator;
  static constexpr std::size_t kJournalPages = 64;
  static constexpr std::size_t kBatchBytes = 256 * 1024;
};

// Room for exactly one event of the largest size: batches split by bytes.
struct TightBufferPorts : TestPorts {
  static constexpr std::size_t kBatchBytes = BatchEncoder::kEnvelopeMax + kMaxEventJson;
};

SessionConfig config(std::uint32_t batch_max, std::uint32_t batch_ms) {
  SessionConfig c;
  c.batch_max = batch_max;
  c.batch_ms = batch_ms;
  c.ack_timeout_ms = 5000;
  c.max_unacked = 100000;
  return c;
}

std::vector<std::uint64_t> seqs_in(const std::string& batch) {
  static const std::regex seq_re("\"seq\":([0-9]+)");
  std::vector<std::uint64_t> out;
  for (auto it = std::sregex_iterator(batch.begin(), batch.end(), seq_re);
       it != std::sregex_iterator(); ++it)
    out.push_back(std::stoull((*it)[1].str()));
  return out;
}

template <class Ports = TestPorts>
class Node {
 public:
  using Session = NodeSession<Ports>;
  using JournalType = typename Session::JournalType;

  explicit Node(SessionConfig c = config(100, 1000)) : config_(c) { boot(); }

  // A restart: RAM is lost, the flash stays (`epoch` if it must be formatted).
  void boot(std::uint64_t epoch = kEpoch) {
    session_.reset();
    journal_ = std::make_unique<JournalType>(flash);
    EXPECT_NE(journal_->open(epoch), JournalType::OpenResult::failed);
    NodeIdentity id;
    EXPECT_TRUE(make_identity("paris-1", "acd-1", NodeKind::acd_bridge, "1.0.0", id));
    session_ = std::make_unique<Session>(clock, transport, indicator, *journal_, id, config_);
  }

  void connect() {
    transport.set_connected(true);
    session_->on_connected();
  }
  void disconnect() {
    transport.set_connected(false);
    session_->on_disconnected();
  }

  void record(std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint64_t n = journal_->next_seq();
      ASSERT_EQ(session_->record(numbered_event(n)), RecordResult::ok);
    }
  }

  void deliver(const std::string& suffix, const std::string& payload) {
    session_->on_message(kPrefix + suffix, reinterpret_cast<const std::uint8_t*>(payload.data()),
                         payload.size());
  }
  void ack(std::uint64_t seq, std::uint64_t epoch = kEpoch) {
    char text[17];
    format_epoch(epoch, text);
    deliver("ack", std::string(R"({"epoch":")") + text + R"(","seq":)" + std::to_string(seq) +
                       R"(,"ts":1})");
  }

  std::vector<Publication> on(const std::string& suffix) const {
    std::vector<Publication> out;
    for (const auto& p : transport.published)
      if (p.topic == kPrefix + suffix) out.push_back(p);
    return out;
  }
  // The seqs of every batch published so far, one vector per batch.
  std::vector<std::vector<std::uint64_t>> batches() const {
    std::vector<std::vector<std::uint64_t>> out;
    for (const auto& p : on("evt")) out.push_back(seqs_in(p.payload));
    return out;
  }
  std::vector<std::uint64_t> all_sent() const {
    std::vector<std::uint64_t> out;
    for (const auto& b : batches()) out.insert(out.end(), b.begin(), b.end());
    return out;
  }

  Session& session() { return *session_; }
  JournalType& journal() { return *journal_; }

  FakeFlash flash{4096, 64};
  FakeClock clock;
  FakeTransport transport;
  FakeIndicator indicator;

 private:
  SessionConfig config_;
  std::unique_ptr<JournalType> journal_;
  std::unique_ptr<Session> session_;
};

std::vector<std::uint64_t> range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t s = first; s <= last; ++s) out.push_back(s);
  return out;
}

// ---- announce ----

TEST(NodeSession, PublishesBirthThenOnlineRetainedOnConnect) {
  Node<> node;
  node.connect();
  const auto& pubs = node.transport.published;
  ASSERT_EQ(pubs.size(), 2u);
  EXPECT_EQ(pubs[0].topic, kPrefix + "birth");
  EXPECT_EQ(
      pubs[0].payload,
      R"({"v":1,"node":"acd-1","epoch":"9f2c41d07a3be810","kind":"acd-bridge","fw":"1.0.0","ts":1764489600000})");
  EXPECT_TRUE(pubs[0].retained);
  EXPECT_EQ(pubs[0].qos, 1);
  EXPECT_EQ(pubs[1].topic, kPrefix + "state");
  EXPECT_EQ(pubs[1].payload, R"({"state":"online","epoch":"9f2c41d07a3be810","ts":1764489600000})");
  EXPECT_TRUE(pubs[1].retained);
}

TEST(NodeSession, SuppliesTheWillAndTheTopicsTheTransportNeeds) {
  Node<> node;
  char will[kControlPayloadMax];
  std::size_t n = node.session().will_payload(will, sizeof will);
  EXPECT_EQ(std::string(will, n),
            R"({"state":"lost","epoch":"9f2c41d07a3be810","ts":1764489600000})");
  EXPECT_EQ(node.session().state_topic(), kPrefix + "state");
  EXPECT_EQ(node.session().ack_topic(), kPrefix + "ack");
  EXPECT_EQ(node.session().cmd_topic(), kPrefix + "cmd");
}

TEST(NodeSession, RetriesTheAnnouncementBeforeAnyEventIfTheTransportRefused) {
  Node<> node(config(1, 0));
  node.transport.set_refusing(true);
  node.connect();
  node.record(2);
  node.session().tick();
  EXPECT_TRUE(node.transport.published.empty());
  node.transport.set_refusing(false);
  node.session().tick();
  ASSERT_GE(node.transport.published.size(), 3u);
  EXPECT_EQ(node.transport.published[0].topic, kPrefix + "birth");
  EXPECT_EQ(node.transport.published[1].topic, kPrefix + "state");
  EXPECT_EQ(node.all_sent(), range(1, 2));
}

// ---- batching ----

TEST(NodeSession, ABatchLeavesWhenBatchMaxEventsWait) {
  Node<> node(config(3, 60000));
  node.connect();
  node.record(2);
  node.session().tick();
  EXPECT_TRUE(node.batches().empty());
  node.record(1);
  node.session().tick();
  ASSERT_EQ(node.batches().size(), 1u);
  EXPECT_EQ(node.batches()[0], range(1, 3));
}

TEST(NodeSession, ABatchLeavesWhenTheOldestEventHasWaitedBatchMs) {
  Node<> node(config(100, 1000));
  node.connect();
  node.record(1);
  node.clock.advance(600);
  node.record(1);
  node.session().tick();
  node.clock.advance(399);
  node.session().tick();
  EXPECT_TRUE(node.batches().empty());
  node.clock.advance(1);
  node.session().tick();
  ASSERT_EQ(node.batches().size(), 1u);
  EXPECT_EQ(node.batches()[0], range(1, 2));
}

TEST(NodeSession, NoBatchEverExceedsBatchMax) {
  Node<> node(config(1000, 1000));
  node.connect();
  node.record(2500);
  node.clock.advance(1000);
  node.session().tick();
  auto batches = node.batches();
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].size(), 1000u);
  EXPECT_EQ(batches[1].size(), 1000u);
  EXPECT_EQ(batches[2].size(), 500u);
  EXPECT_EQ(node.all_sent(), range(1, 2500));
}

TEST(NodeSession, ABatchSplitsWhenTheBufferIsFull) {
  Node<TightBufferPorts> node(config(100, 0));
  node.connect();
  node.record(30);
  node.session().tick();
  auto batches = node.batches();
  ASSERT_GT(batches.size(), 1u);
  EXPECT_EQ(node.all_sent(), range(1, 30));
  for (const auto& p : node.on("evt")) EXPECT_LE(p.payload.size(), TightBufferPorts::kBatchBytes);
}

TEST(NodeSession, EventsRecordedOfflineLeaveOnConnect) {
  Node<> node(config(100, 60000));
  node.record(5);
  node.session().tick();
  EXPECT_TRUE(node.transport.published.empty());
  node.connect();
  EXPECT_EQ(node.all_sent(), range(1, 5));
}

TEST(NodeSession, ABatchIsTheContractEnvelope) {
  Node<> node(config(2, 60000));
  node.connect();
  ASSERT_EQ(node.session().record(testing::agent_state(1764489600123, "4012", "sav-1",
                                                       AgentState::talking, "c-88121", "billing")),
            RecordResult::ok);
  ASSERT_EQ(node.session().record(testing::agent_state(1764489781002, "4012", "sav-1",
                                                       AgentState::wrap_up, "c-88121")),
            RecordResult::ok);
  node.session().tick();
  auto evts = node.on("evt");
  ASSERT_EQ(evts.size(), 1u);
  EXPECT_EQ(evts[0].qos, 1);
  EXPECT_FALSE(evts[0].retained);
  EXPECT_EQ(
      evts[0].payload,
      R"({"v":1,"node":"acd-1","epoch":"9f2c41d07a3be810","events":[)"
      R"({"seq":1,"ts":1764489600123,"type":"agent.state","agent":"4012","team":"sav-1","state":"talking","call":"c-88121","queue":"billing"},)"
      R"({"seq":2,"ts":1764489781002,"type":"agent.state","agent":"4012","team":"sav-1","state":"wrap_up","call":"c-88121"}]})");
}

TEST(NodeSession, RefusesAnInvalidEvent) {
  Node<> node;
  Event bad = numbered_event(1);
  bad.agent_state.team.assign("no spaces allowed");
  EXPECT_EQ(node.session().record(bad), RecordResult::invalid);
  EXPECT_EQ(node.journal().next_seq(), 1u);
}

TEST(NodeSession, ReportsAFullJournalAndKeepsEverything) {
  Node<> node(config(1000, 0));
  RecordResult r = RecordResult::ok;
  std::uint64_t stored = 0;
  while ((r = node.session().record(numbered_event(stored + 1))) == RecordResult::ok) ++stored;
  EXPECT_EQ(r, RecordResult::full);
  node.connect();
  for (int i = 0; i < 10; ++i) node.session().tick();
  EXPECT_EQ(node.all_sent(), range(1, stored));
  node.ack(stored);
  EXPECT_EQ(node.session().record(numbered_event(stored + 1)), RecordResult::ok);
}

// ---- acks and release ----

TEST(NodeSession, ReleasesJournalEntriesOnlyWhenTheAckArrives) {
  Node<> node(config(10, 0));
  node.connect();
  node.record(10);
  node.session().tick();
  ASSERT_EQ(node.all_sent(), range(1, 10));
  EXPECT_EQ(node.journal().released(), 0u);  // sent is not stored
  EXPECT_FALSE(node.session().all_acked());
  node.ack(7);
  EXPECT_EQ(node.journal().released(), 7u);
  EXPECT_EQ(node.session().unacked(), 3u);
  node.ack(10);
  EXPECT_TRUE(node.session().all_acked());
}

TEST(NodeSession, IgnoresAnAckOfAnotherEpoch) {
  Node<> node(config(10, 0));
  node.connect();
  node.record(10);
  node.session().tick();
  node.ack(10, kEpoch + 1);
  EXPECT_EQ(node.journal().released(), 0u);
  EXPECT_EQ(node.session().stats().ignored_messages, 1u);
}

TEST(NodeSession, IgnoresAnAckBeyondTheLastEvent) {
  Node<> node(config(10, 0));
  node.connect();
  node.record(3);
  node.session().tick();
  node.ack(4);
  EXPECT_EQ(node.journal().released(), 0u);
  node.ack(2);
  node.ack(1);  // an older retained ack changes nothing
  EXPECT_EQ(node.journal().released(), 2u);
}

TEST(NodeSession, IgnoresMessagesOnOtherTopics) {
  Node<> node(config(10, 0));
  node.connect();
  node.record(3);
  std::string ack = R"({"epoch":"9f2c41d07a3be810","seq":3})";
  node.session().on_message("vigie/v1/paris-1/node/acd-2/ack",
                            reinterpret_cast<const std::uint8_t*>(ack.data()), ack.size());
  EXPECT_EQ(node.journal().released(), 0u);
}

TEST(NodeSession, ResendsUnackedEventsAfterTheAckTimeout) {
  Node<> node(config(5, 0));
  node.connect();
  node.record(10);
  node.session().tick();
  ASSERT_EQ(node.all_sent(), range(1, 10));
  node.ack(4);
  node.clock.advance(4999);
  node.session().tick();
  EXPECT_EQ(node.all_sent().size(), 10u);
  node.clock.advance(1);
  node.session().tick();
  auto sent = node.all_sent();
  ASSERT_EQ(sent.size(), 16u);
  EXPECT_EQ(std::vector<std::uint64_t>(sent.begin() + 10, sent.end()), range(5, 10));
  EXPECT_EQ(node.session().stats().resends, 1u);
}

TEST(NodeSession, AckProgressPostponesTheTimeout) {
  Node<> node(config(5, 0));
  node.connect();
  node.record(10);
  node.session().tick();
  node.clock.advance(4000);
  node.ack(5);
  node.clock.advance(4000);
  node.session().tick();
  EXPECT_EQ(node.all_sent().size(), 10u);
  node.clock.advance(1000);
  node.session().tick();
  EXPECT_EQ(node.all_sent().size(), 15u);
}

TEST(NodeSession, ResendsUnackedEventsAfterAReconnect) {
  Node<> node(config(5, 0));
  node.connect();
  node.record(8);
  node.session().tick();
  node.ack(3);
  node.disconnect();
  node.record(2);  // while away
  node.session().tick();
  EXPECT_EQ(node.all_sent(), range(1, 8));
  node.connect();
  auto sent = node.all_sent();
  EXPECT_EQ(std::vector<std::uint64_t>(sent.begin() + 8, sent.end()), range(4, 10));
  EXPECT_EQ(node.on("birth").size(), 2u);  // announced again
}

TEST(NodeSession, ResendsWhatWasNotAckedBeforeARestart) {
  Node<> node(config(5, 0));
  node.connect();
  node.record(20);
  node.session().tick();
  node.ack(12);
  node.transport.published.clear();
  node.boot();
  node.connect();
  EXPECT_EQ(node.all_sent(), range(13, 20));  // the release mark kept 1..12 from going again
  node.ack(20);
  node.record(1);
  node.session().tick();
  EXPECT_EQ(node.all_sent().back(), 21u);  // seqs go on, never reused
}

TEST(NodeSession, KeepsAtMostMaxUnackedEventsInFlight) {
  SessionConfig c = config(10, 0);
  c.max_unacked = 25;
  Node<> node(c);
  node.connect();
  node.record(100);
  node.session().tick();
  EXPECT_EQ(node.all_sent(), range(1, 25));
  node.ack(20);
  node.session().tick();
  EXPECT_EQ(node.all_sent(), range(1, 45));
}

TEST(NodeSession, SyncsTheJournalBeforeAnythingLeaves) {
  Node<> node(config(5, 0));
  node.connect();
  node.record(5);
  EXPECT_FALSE(node.journal().synced());
  node.flash.set_failing(true);  // the sync fails: nothing may be published
  node.session().tick();
  EXPECT_TRUE(node.batches().empty());
  node.flash.set_failing(false);
  const auto syncs = node.flash.syncs();
  node.session().tick();
  EXPECT_EQ(node.all_sent(), range(1, 5));
  EXPECT_TRUE(node.journal().synced());
  EXPECT_EQ(node.flash.syncs(), syncs + 1);
}

TEST(NodeSession, APublishTheTransportRefusesIsRetriedLater) {
  Node<> node(config(5, 0));
  node.connect();
  node.transport.set_refusing(true);
  node.record(5);
  node.session().tick();
  EXPECT_TRUE(node.batches().empty());
  node.transport.set_refusing(false);
  node.session().tick();
  EXPECT_EQ(node.all_sent(), range(1, 5));
}

// ---- commands ----

TEST(NodeSession, ResyncReplaysFromTheRequestedSeq) {
  Node<> node(config(100, 0));
  node.connect();
  node.record(30);
  node.session().tick();
  node.ack(10);
  node.deliver("cmd", R"({"cmd":"resync","epoch":"9f2c41d07a3be810","from_seq":22})");
  auto sent = node.all_sent();
  EXPECT_EQ(std::vector<std::uint64_t>(sent.begin() + 30, sent.end()), range(22, 30));
  EXPECT_EQ(node.session().stats().resyncs, 1u);
}

TEST(NodeSession, ResyncFromAReleasedSeqStartsAtTheOldestKept) {
  Node<> node(config(1000, 0));
  node.connect();
  node.record(600);
  node.session().tick();
  node.ack(500);
  const std::uint64_t oldest = node.journal().oldest_seq();
  ASSERT_GT(oldest, 1u);
  node.deliver("cmd", R"({"cmd":"resync","epoch":"9f2c41d07a3be810","from_seq":1})");
  auto sent = node.all_sent();
  EXPECT_EQ(std::vector<std::uint64_t>(sent.begin() + 600, sent.end()), range(oldest, 600));
}

TEST(NodeSession, IgnoresAResyncForAnotherEpochOrBeyondTheEnd) {
  Node<> node(config(100, 0));
  node.connect();
  node.record(5);
  node.session().tick();
  node.deliver("cmd", R"({"cmd":"resync","epoch":"0000000000000001","from_seq":1})");
  node.deliver("cmd", R"({"cmd":"resync","epoch":"9f2c41d07a3be810","from_seq":7})");
  EXPECT_EQ(node.all_sent(), range(1, 5));
  EXPECT_EQ(node.session().stats().ignored_messages, 2u);
}

TEST(NodeSession, ANudgeGoesToTheIndicator) {
  Node<> node;
  node.deliver(
      "cmd",
      R"({"cmd":"nudge","agent":"4012","criterion":"BRK-01","text":"Pause \u00e0 prendre"})");
  ASSERT_EQ(node.indicator.nudges.size(), 1u);
  EXPECT_EQ(node.indicator.nudges[0].agent, "4012");
  EXPECT_EQ(node.indicator.nudges[0].criterion, "BRK-01");
  EXPECT_EQ(node.indicator.nudges[0].text, "Pause \xc3\xa0 prendre");
}

TEST(NodeSession, BadAckAndCommandPayloadsAreIgnoredSafely) {
  Node<> node(config(5, 0));
  node.connect();
  node.record(5);
  node.session().tick();
  const auto published = node.transport.published.size();
  std::uint64_t count = 0;
  for (const std::string& bad : testing::bad_control_payloads()) {
    node.deliver("ack", bad);
    node.deliver("cmd", bad);
    count += 2;
  }
  EXPECT_EQ(node.journal().released(), 0u);
  EXPECT_TRUE(node.indicator.nudges.empty());
  EXPECT_EQ(node.transport.published.size(), published);
  EXPECT_EQ(node.session().stats().ignored_messages, count);
  node.ack(5);  // and the session still works
  EXPECT_TRUE(node.session().all_acked());
}

// ---- watermarks (contract sec. 3.4) ----

constexpr std::int64_t kT0 = 1764489600000;  // the fake clock's start
const std::string kEnvelope = R"({"v":1,"node":"acd-1","epoch":"9f2c41d07a3be810",)";

std::string watermark(std::int64_t until) {
  return kEnvelope + R"("events":[],"until":)" + std::to_string(until) + "}";
}

bool is_watermark(const Publication& p) {
  return p.payload.find(R"("events":[])") != std::string::npos;
}

// The "until" of a payload, -1 if it has none.
std::int64_t until_of(const std::string& payload) {
  static const std::regex until_re(R"(,"until":(-?[0-9]+)\}$)");
  std::smatch m;
  return std::regex_search(payload, m, until_re) ? std::stoll(m[1].str()) : -1;
}

template <class N>
std::vector<Publication> watermarks_of(const N& node) {
  std::vector<Publication> out;
  for (const auto& p : node.on("evt"))
    if (is_watermark(p)) out.push_back(p);
  return out;
}

// Connected, one event sent and acked, beat_ms passed: nothing stands in the way.
template <class N>
void drained_and_idle(N& node, std::uint32_t beat_ms = 10000) {
  node.connect();
  node.record(1);
  node.session().tick();
  node.ack(1);
  node.clock.advance(beat_ms);
}

// The ack timeout is longer than the waits below: no resend restarts the beat.
SessionConfig with_beat(std::uint32_t beat_ms) {
  SessionConfig c = config(100, 0);
  c.ack_timeout_ms = 600000;
  c.beat_ms = beat_ms;
  return c;
}

TEST(NodeSessionWatermark, NoneIsSentWithoutAVouchedTime) {
  Node<> node(with_beat(10000));
  drained_and_idle(node);
  for (int i = 0; i < 3; ++i) {
    node.clock.advance(10000);
    node.session().tick();
  }
  EXPECT_TRUE(watermarks_of(node).empty());
  EXPECT_EQ(until_of(node.on("evt")[0].payload), -1);
}

TEST(NodeSessionWatermark, AnEmptyBatchGoesOnceTheJournalIsDrainedAndTheBeatHasPassed) {
  Node<> node(with_beat(10000));
  node.connect();
  node.record(1);
  node.session().tick();
  node.ack(1);
  node.session().vouch(kT0 + 5000);
  node.clock.advance(9999);
  node.session().tick();
  EXPECT_TRUE(watermarks_of(node).empty()) << "the beat has not passed since the last batch";
  node.clock.advance(1);
  node.session().tick();
  auto marks = watermarks_of(node);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].payload, watermark(kT0 + 5000));
  EXPECT_EQ(marks[0].topic, kPrefix + "evt");
  EXPECT_EQ(marks[0].qos, 1);
  EXPECT_FALSE(marks[0].retained);
  EXPECT_EQ(node.session().stats().watermarks, 1u);
  EXPECT_EQ(node.session().stats().batches_sent, 1u) << "a watermark is not a batch of events";
}

TEST(NodeSessionWatermark, NoneWhileAnEventIsUnsent) {
  Node<> node(config(100, 60000));  // the event waits for companions
  node.connect();
  node.session().vouch(kT0 + 1000);
  node.record(1);
  node.clock.advance(30000);
  node.session().tick();
  EXPECT_TRUE(node.on("evt").empty());
  node.clock.advance(30000);
  node.session().tick();
  ASSERT_EQ(node.on("evt").size(), 1u);
  EXPECT_FALSE(is_watermark(node.on("evt")[0]));
}

TEST(NodeSessionWatermark, NoneWhileAnEventIsUnacked) {
  Node<> node(with_beat(10000));
  node.connect();
  node.record(2);
  node.session().tick();
  node.session().vouch(kT0 + 7000);
  node.ack(1);
  node.clock.advance(10000);
  node.session().tick();
  EXPECT_TRUE(watermarks_of(node).empty()) << "seq 2 is not acked: the gateway may lack it";
  node.ack(2);
  node.session().tick();
  ASSERT_EQ(watermarks_of(node).size(), 1u);
  EXPECT_EQ(watermarks_of(node)[0].payload, watermark(kT0 + 7000));
}

TEST(NodeSessionWatermark, NoneWhenTheVouchedTimeHasNotAdvanced) {
  Node<> node(with_beat(10000));
  drained_and_idle(node);
  node.session().vouch(kT0 + 1000);
  node.session().tick();
  ASSERT_EQ(watermarks_of(node).size(), 1u);
  node.clock.advance(10000);
  node.session().tick();
  node.session().vouch(kT0 + 1000);  // the same promise again
  node.clock.advance(10000);
  node.session().tick();
  EXPECT_EQ(watermarks_of(node).size(), 1u);
  node.session().vouch(kT0 + 1001);
  node.session().tick();
  ASSERT_EQ(watermarks_of(node).size(), 2u);
  EXPECT_EQ(watermarks_of(node)[1].payload, watermark(kT0 + 1001));
}

TEST(NodeSessionWatermark, OneBeatBetweenWatermarks) {
  Node<> node(with_beat(10000));
  drained_and_idle(node);
  node.session().vouch(kT0 + 1000);
  node.session().tick();
  node.clock.advance(5000);
  node.session().vouch(kT0 + 6000);
  node.session().tick();
  EXPECT_EQ(watermarks_of(node).size(), 1u);
  node.clock.advance(5000);
  node.session().tick();
  ASSERT_EQ(watermarks_of(node).size(), 2u);
  EXPECT_EQ(watermarks_of(node)[1].payload, watermark(kT0 + 6000));
}

TEST(NodeSessionWatermark, VouchingIsMonotone) {
  Node<> node(with_beat(10000));
  drained_and_idle(node);
  node.session().vouch(kT0 + 9000);
  node.session().vouch(kT0 + 4000);  // lower: changes nothing
  EXPECT_TRUE(node.session().late(kT0 + 8999));
  EXPECT_FALSE(node.session().late(kT0 + 9000));
  node.session().tick();
  ASSERT_EQ(watermarks_of(node).size(), 1u);
  EXPECT_EQ(watermarks_of(node)[0].payload, watermark(kT0 + 9000));
}

TEST(NodeSessionWatermark, ABatchThatSendsTheLastSeqCarriesUntilAfterTheEvents) {
  Node<> node(with_beat(10000));
  node.connect();
  node.session().vouch(kT0 + 500);
  ASSERT_EQ(node.session().record(
                testing::agent_state(kT0 + 600, "4012", "sav-1", AgentState::talking, "c-88121")),
            RecordResult::ok);
  node.session().tick();
  auto evts = node.on("evt");
  ASSERT_EQ(evts.size(), 1u);
  EXPECT_EQ(evts[0].payload,
            kEnvelope +
                R"("events":[{"seq":1,"ts":1764489600600,"type":"agent.state","agent":"4012",)"
                R"("team":"sav-1","state":"talking","call":"c-88121"}],"until":1764489600500})");
}

TEST(NodeSessionWatermark, OnlyTheBatchThatReachesTheLastSeqCarriesUntil) {
  Node<> node(config(2, 0));
  node.connect();
  node.session().vouch(kT0 + 100);
  node.record(5);
  node.session().tick();
  auto evts = node.on("evt");
  ASSERT_EQ(evts.size(), 3u);
  EXPECT_EQ(until_of(evts[0].payload), -1);
  EXPECT_EQ(until_of(evts[1].payload), -1);
  EXPECT_EQ(until_of(evts[2].payload), kT0 + 100);
  EXPECT_EQ(seqs_in(evts[2].payload), range(5, 5));
}

TEST(NodeSessionWatermark, ABatchCutShortByTheWindowCarriesNoUntil) {
  SessionConfig c = config(10, 0);
  c.max_unacked = 10;
  Node<> node(c);
  node.connect();
  node.session().vouch(kT0 + 100);
  node.record(15);
  node.session().tick();
  ASSERT_EQ(node.batches().size(), 1u);
  EXPECT_EQ(until_of(node.on("evt")[0].payload), -1) << "seqs 11..15 are not published yet";
  node.ack(10);
  node.session().tick();
  ASSERT_EQ(node.batches().size(), 2u);
  EXPECT_EQ(until_of(node.on("evt")[1].payload), kT0 + 100);
}

TEST(NodeSessionWatermark, AnUntilOnABatchIsNotRepeatedAlone) {
  Node<> node(with_beat(10000));
  node.connect();
  node.session().vouch(kT0 + 100);
  node.record(1);
  node.session().tick();
  node.ack(1);
  node.clock.advance(30000);
  node.session().tick();
  EXPECT_TRUE(watermarks_of(node).empty()) << "the batch said it already";
}

TEST(NodeSessionWatermark, AfterAReconnectTheBacklogGoesFirstThenTheWatermarkOnceAcked) {
  SessionConfig c = with_beat(10000);
  c.batch_max = 2;
  Node<> n2(c);
  n2.connect();
  n2.record(4);
  n2.session().tick();
  ASSERT_EQ(n2.batches().size(), 2u);
  n2.disconnect();
  n2.record(2);  // while away
  n2.session().vouch(kT0 + 20000);
  n2.clock.advance(60000);
  n2.session().tick();
  n2.transport.published.clear();
  n2.connect();
  auto evts = n2.on("evt");
  ASSERT_EQ(evts.size(), 3u) << "the backlog, and no watermark before it is acked";
  EXPECT_EQ(seqs_in(evts[0].payload), range(1, 2));
  EXPECT_EQ(seqs_in(evts[2].payload), range(5, 6));
  EXPECT_EQ(until_of(evts[0].payload), -1);
  EXPECT_EQ(until_of(evts[2].payload), kT0 + 20000);
  n2.session().vouch(kT0 + 30000);
  n2.clock.advance(10000);
  n2.session().tick();
  EXPECT_TRUE(watermarks_of(n2).empty()) << "the backlog is sent but not acked";
  n2.ack(6);
  n2.session().tick();
  ASSERT_EQ(n2.on("evt").size(), 4u);
  EXPECT_EQ(n2.on("evt")[3].payload, watermark(kT0 + 30000));
}

TEST(NodeSessionWatermark, NoneBeforeTheNodeIsAnnounced) {
  Node<> node(with_beat(10000));
  node.session().vouch(kT0 + 100);
  node.session().tick();
  EXPECT_TRUE(node.transport.published.empty()) << "not connected";
  node.transport.set_connected(true);
  node.transport.set_refusing(true);
  node.session().on_connected();
  node.transport.set_refusing(false);
  node.session().tick();
  auto& pubs = node.transport.published;
  ASSERT_EQ(pubs.size(), 3u);
  EXPECT_EQ(pubs[0].topic, kPrefix + "birth");
  EXPECT_EQ(pubs[1].topic, kPrefix + "state");
  EXPECT_EQ(pubs[2].payload, watermark(kT0 + 100));
}

TEST(NodeSessionWatermark, ANewEpochStartsAfresh) {
  Node<> node(with_beat(10000));
  drained_and_idle(node);
  node.session().vouch(kT0 + 5000);
  node.session().tick();
  ASSERT_EQ(watermarks_of(node).size(), 1u);
  // The store is wiped: a new epoch, seqs from 1, and the same promise is news.
  node.flash = FakeFlash(4096, 64);
  node.boot(0x0123456789abcdef);
  node.transport.published.clear();
  node.connect();
  node.session().vouch(kT0 + 5000);
  node.session().tick();
  auto marks = watermarks_of(node);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].payload,
            R"({"v":1,"node":"acd-1","epoch":"0123456789abcdef","events":[],"until":)" +
                std::to_string(kT0 + 5000) + "}");
  node.record(1);
  node.session().tick();
  EXPECT_EQ(node.batches().back(), range(1, 1)) << "a watermark takes no seq";
}

TEST(NodeSessionWatermark, AnEventBelowTheVouchedTimeIsKeptAndCountedLate) {
  Node<> node(with_beat(10000));
  node.connect();
  node.session().vouch(kT0 + 5000);
  ASSERT_EQ(node.session().record(
                testing::agent_state(kT0 + 4999, "4012", "sav-1", AgentState::available)),
            RecordResult::ok);
  ASSERT_EQ(
      node.session().record(testing::agent_state(kT0 + 5000, "4012", "sav-1", AgentState::talking)),
      RecordResult::ok);
  EXPECT_EQ(node.session().stats().late_records, 1u);
  node.session().tick();
  EXPECT_EQ(node.all_sent(), range(1, 2)) << "late, but never lost";
}

TEST(NodeSessionWatermark, BeatZeroNeverSendsUntil) {
  Node<> node(with_beat(0));
  node.connect();
  node.session().vouch(kT0 + 5000);
  node.record(1);
  node.session().tick();
  node.ack(1);
  for (int i = 0; i < 5; ++i) {
    node.clock.advance(60000);
    node.session().tick();
  }
  auto evts = node.on("evt");
  ASSERT_EQ(evts.size(), 1u);
  EXPECT_EQ(until_of(evts[0].payload), -1);
  EXPECT_EQ(node.session().stats().watermarks, 0u);
}

TEST(NodeSessionWatermark, NoneAfterStop) {
  Node<> node(with_beat(10000));
  drained_and_idle(node);
  ASSERT_TRUE(node.session().stop());
  node.session().vouch(kT0 + 5000);
  node.session().tick();
  EXPECT_TRUE(watermarks_of(node).empty());
}

// ---- stop ----

TEST(NodeSession, StopPublishesOfflineRetainedAndSendsNoMoreBatches) {
  Node<> node(config(1, 0));
  node.connect();
  EXPECT_TRUE(node.session().stop());
  auto states = node.on("state");
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[1].payload,
            R"({"state":"offline","epoch":"9f2c41d07a3be810","ts":1764489600000})");
  EXPECT_TRUE(states[1].retained);
  node.record(1);
  node.session().tick();
  EXPECT_TRUE(node.batches().empty());
}

TEST(NodeSession, StopCannotPublishWhileDisconnected) {
  Node<> node;
  EXPECT_FALSE(node.session().stop());
}

}  // namespace
}  // namespace vigie::fw
