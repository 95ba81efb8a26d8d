// Ingest as the one owner of each node's order and time: watermarks (contract
// sec. 3.4), holes held and given up, time no node may push (max_skew), and a
// rebuild from the store that hands the engine what the live run handed it.
#include <limits>

#include "ingest/history_feed.hpp"
#include "ingest_fixture.hpp"

using namespace vigie;
using namespace vigie::ingest;
using namespace vigie::ingest::testing;

namespace {

constexpr std::int64_t kMin = 60'000;

// The items as short words, for whole-sequence comparisons: "r5" released seq 5,
// "w<until>" a watermark, "g3-4" a hole given up, "h1"/"h0" holding.
std::vector<std::string> words(const std::vector<CommittedItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) {
    if (const auto* r = std::get_if<Released>(&i))
      out.push_back("r" + std::to_string(r->event.seq));
    else if (const auto* w = std::get_if<WatermarkReached>(&i))
      out.push_back("w" + std::to_string(w->until - kBase));
    else if (const auto* g = std::get_if<GapLost>(&i))
      out.push_back("g" + std::to_string(g->gap.first_seq) + "-" + std::to_string(g->gap.last_seq));
    else if (const auto* h = std::get_if<Holding>(&i))
      out.push_back(h->holding ? "h1" : "h0");
  }
  return out;
}

using Words = std::vector<std::string>;

class SequencingTest : public IngestorTest {
 protected:
  void SetUp() override {
    IngestorTest::SetUp();
    listen(&listener);
  }
  RecordingListener listener;
};

}  // namespace

TEST_F(SequencingTest, AnEmptyBatchWithUntilIsAWatermarkForEverySeqSent) {
  ingestor_->on_message(kEvt, batch(1, 3));
  ingestor_->on_message(kEvt, watermark(1, 0, kBase + 10'000));
  EXPECT_EQ(words(listener.seen), (Words{"r1", "r2", "r3", "w10000"}));
  EXPECT_EQ(metrics_->events_received, 3u) << "an empty batch is not an event";
  EXPECT_EQ(metrics_->quarantined, 0u);
  EXPECT_EQ(
      count("SELECT until_ts - " + std::to_string(kBase) + " FROM sequences WHERE node = 'acd-1'"),
      10'000);
  EXPECT_EQ(count("SELECT until_seq FROM sequences WHERE node = 'acd-1'"), 3);
}

TEST_F(SequencingTest, AWatermarkOnABatchComesAfterItsEvents) {
  ingestor_->on_message(kEvt, watermark(1, 2, kBase + 9'000));
  EXPECT_EQ(words(listener.seen), (Words{"r1", "r2", "w9000"}));
}

TEST_F(SequencingTest, AWatermarkWaitsForTheSeqsItCovers) {
  ingestor_->on_message(kEvt, batch(1, 1));
  ingestor_->on_message(kEvt, watermark(3, 3, kBase + 20'000));  // 2 not here yet
  EXPECT_EQ(words(listener.seen), (Words{"r1", "h1"}));
  ingestor_->on_message(kEvt, batch(2, 2));
  EXPECT_EQ(words(listener.seen), (Words{"r1", "h1", "r2", "r3", "w20000", "h0"}));
}

TEST_F(SequencingTest, AnEmptyWatermarkArrivingBeforeTheBatchItFollowsCoversOnlyWhatWasSeen) {
  ingestor_->on_message(kEvt, batch(1, 2));
  ingestor_->on_message(kEvt, watermark(1, 0, kBase + 30'000));  // covers 1-2 as the gateway sees
  ingestor_->on_message(kEvt, batch(3, 3));
  EXPECT_EQ(metrics_->quarantined, 1u) << "seq 3 dated before the node's own watermark";
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE seq = 3 AND reason LIKE "
                  "'%before its node''s own watermark%'"),
            1);
  EXPECT_EQ(last_ack()["seq"], 3) << "its seq is consumed: no hole";
}

TEST_F(SequencingTest, AWatermarkBelowThePreviousChangesNothing) {
  ingestor_->on_message(kEvt, watermark(1, 1, kBase + 50'000));
  ingestor_->on_message(kEvt, watermark(2, 1, kBase + 40'000));
  EXPECT_EQ(words(listener.seen), (Words{"r1", "w50000"}));
  EXPECT_EQ(count("SELECT until_ts - " + std::to_string(kBase) + " FROM sequences"), 50'000);
}

TEST_F(SequencingTest, ANewEpochStartsAfreshAndGivesUpTheOldEpochsHoles) {
  ingestor_->on_message(kEvt, batch(1, 1));
  ingestor_->on_message(kEvt, watermark(4, 4, kBase + 60'000));  // hole 2-3 in the old epoch
  const std::string fresh = "00000000000000bb";
  ingestor_->on_message(kEvt, watermark(1, 1, kBase + 5'000, fresh));
  EXPECT_EQ(words(listener.seen), (Words{"r1", "h1", "g2-3", "r4", "w60000", "h0", "r1", "w5000"}));
  EXPECT_EQ(count("SELECT count(*) FROM gaps WHERE status = 'lost'"), 1);
  EXPECT_EQ(last_ack()["epoch"], fresh);
}

TEST_F(SequencingTest, AnEventFromTheFutureIsQuarantinedAndItsSeqConsumed) {
  ingestor_->on_message(kEvt, batch(1, 1));
  ingestor_->on_message(kEvt, batch_at(2, now_ + 5 * kMin + 1));
  ingestor_->on_message(kEvt, batch_at(3, now_ + 5 * kMin));  // exactly max_skew: accepted
  EXPECT_EQ(words(listener.seen), (Words{"r1", "r3"}));
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE seq = 2 AND reason LIKE "
                  "'from the future: ts %'"),
            1);
  EXPECT_EQ(metrics_->gaps, 0u);
  EXPECT_EQ(last_ack()["seq"], 3);
  // Delivered again, it is a duplicate, never stored.
  ingestor_->on_message(kEvt, batch_at(2, now_ + 5 * kMin + 1));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE seq = 2"), 0);
  EXPECT_EQ(metrics_->duplicates, 1u);
  EXPECT_EQ(metrics_->quarantined, 1u);
}

TEST_F(SequencingTest, ATimeBeyondTheYear9999IsRefusedWhateverTheClock) {
  now_ = std::numeric_limits<std::int64_t>::max() / 2;  // a replay's clock may be anything
  ingestor_->on_message(kEvt, batch(1, 1));
  ingestor_->on_message(kEvt, batch_at(2, 253402300800000));  // 10000-01-01T00:00:00Z
  EXPECT_EQ(words(listener.seen), (Words{"r1"}));
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE seq = 2"), 1);
}

TEST_F(SequencingTest, AWatermarkBirthOrStateFromTheFutureIsRefused) {
  ingestor_->on_message(kEvt, watermark(1, 1, now_ + 24 * 60 * kMin));
  EXPECT_EQ(words(listener.seen), (Words{"r1"})) << "the events are kept, the watermark is not";
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/birth", json{{"v", 1},
                                                                  {"node", "acd-1"},
                                                                  {"epoch", kEpoch},
                                                                  {"kind", "desk"},
                                                                  {"fw", "2"},
                                                                  {"ts", now_ + 60 * kMin}}
                                                                 .dump());
  ingestor_->on_message(
      "vigie/v1/paris-1/node/acd-1/state",
      json{{"state", "online"}, {"epoch", kEpoch}, {"ts", now_ + 60 * kMin}}.dump());
  EXPECT_EQ(metrics_->quarantined, 3u);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE reason LIKE '%from the future%'"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM node_history"), 0);
}

TEST_F(SequencingTest, AHoleIsGivenUpOnlyOnceTheNodesTimeAndTheResyncWaitAgree) {
  ingestor_->on_message(kEvt, batch(1, 1));
  ingestor_->on_message(kEvt, batch_at(4, kBase + 10'000));  // hole 2-3, ending at +10 s
  // The node's time moves on fast (a backlog): 5 min past the hole within a second.
  now_ += 1000;
  ingestor_->on_message(kEvt, batch_at(5, kBase + 10'000 + 5 * kMin));
  EXPECT_EQ(count("SELECT count(*) FROM gaps WHERE status = 'lost'"), 0)
      << "the resync went out a second ago: the node may still send them";
  // The resync is answered: the hole is filled, not lost.
  ingestor_->on_message(kEvt, batch(2, 3));
  EXPECT_EQ(count("SELECT count(*) FROM gaps WHERE status = 'filled'"), 1);
  EXPECT_EQ(words(listener.seen), (Words{"r1", "h1", "r2", "r3", "r4", "r5", "h0"}));
}

TEST_F(SequencingTest, AnUnansweredHoleIsGivenUpInPositionWithItsEventTimes) {
  ingestor_->on_message(kEvt, batch(1, 1));
  ingestor_->on_message(kEvt, batch_at(4, kBase + 10'000));
  ingestor_->on_message(kEvt, batch_at(5, kBase + 10'000 + 5 * kMin));
  now_ += 30'000;
  ingestor_->tick();  // nothing more from the node: the wall-time wait ends on a tick
  EXPECT_EQ(words(listener.seen), (Words{"r1", "h1", "g2-3", "r4", "r5", "h0"}));
  const auto& gap = std::get<GapLost>(listener.seen[2]).gap;
  EXPECT_EQ(gap.from_ts, kBase + 1000);
  EXPECT_EQ(gap.to_ts, kBase + 10'000);
  EXPECT_EQ(last_ack()["seq"], 5);
}

TEST_F(SequencingTest, ASilentNodeWithoutWatermarksHasItsHoleGivenUpByTheSilenceRule) {
  ingestor_->on_message(kEvt, batch(1, 1));
  ingestor_->on_message(kEvt, batch_at(4, now_));  // hole 2-3; then the node says nothing
  now_ += 4 * kMin;
  ingestor_->tick();
  EXPECT_EQ(count("SELECT count(*) FROM gaps WHERE status = 'lost'"), 0);
  now_ += kMin + 5'000;  // wall less lateness is now 5 min past the hole's end
  ingestor_->tick();
  EXPECT_EQ(count("SELECT count(*) FROM gaps WHERE status = 'lost'"), 1);
}

TEST_F(SequencingTest, AWatermarkingNodeIsNeverGuessedFromTheWallClock) {
  ingestor_->on_message(kEvt, watermark(1, 1, kBase + 2'000));
  ingestor_->on_message(kEvt, batch_at(4, kBase + 3'000));  // hole 2-3
  now_ += 60 * kMin;
  ingestor_->tick();
  EXPECT_EQ(count("SELECT count(*) FROM gaps WHERE status = 'lost'"), 0)
      << "only the node's own time may move past its hole";
}

TEST_F(SequencingTest, HeldEventsSurviveARestartAndAreReleasedInOrderWhenTheHoleFills) {
  ingestor_->on_message(kEvt, batch(1, 1));
  ingestor_->on_message(kEvt, batch(3, 5));
  open();  // a restart: 3-5 stored, held
  listener.seen.clear();
  ingestor_->on_message(kEvt, batch(2, 2));
  EXPECT_EQ(words(listener.seen), (Words{"r2", "r3", "r4", "r5", "h0"}));
  const auto& r4 = std::get<Released>(listener.seen[2]).event;
  EXPECT_EQ(r4.ts, kBase + 4000);
  EXPECT_EQ(std::get<AgentStateChange>(r4.body).agent, "4012");
}

// A restart's rebuild hands the engine what the live run handed it, in the same order.
TEST_F(SequencingTest, TheStoresHistoryReplaysTheSameItemsAsTheLiveRun) {
  ingestor_->on_message(kEvt, batch(1, 2));
  now_ += 1000;
  ingestor_->on_message(kEvt, watermark(4, 5, kBase + 6'000));  // hole 3
  json bad = json::array({event(6), event(7)});
  bad[0]["state"] = "dancing";  // seq 6 consumed
  now_ += 1000;
  ingestor_->on_message(
      kEvt, json{{"v", 1}, {"node", "acd-1"}, {"epoch", kEpoch}, {"events", bad}}.dump());
  now_ += 1000;
  ingestor_->on_message(kEvt, batch(3, 3));                  // filled
  ingestor_->on_message(kEvt, batch_at(9, kBase + 20'000));  // hole 8
  ingestor_->on_message(kEvt, batch_at(10, kBase + 20'000 + 6 * kMin));
  now_ += 40'000;
  ingestor_->tick();  // 8 given up
  ingestor_->on_message(kEvt, watermark(11, 10, kBase + 120'000));
  const Words live = words(listener.seen);
  ASSERT_EQ(live, (Words{"r1", "r2", "h1", "r3", "r4", "r5", "w6000", "r7", "h0", "h1", "g8-8",
                         "r9", "r10", "h0", "w120000"}));

  std::vector<CommittedItem> rebuilt;
  std::vector<TimestampMs> times;
  HistoryFeed feed(*db_, [&](TimestampMs at, std::vector<CommittedItem> items) {
    times.push_back(at);
    for (auto& i : items) rebuilt.push_back(std::move(i));
  });
  store::read_history(*db_, 0, feed);
  // The store keeps each sequence's latest watermark only: an earlier one changes no
  // verdict, since no later event may be dated before it (it would have been refused).
  Words expected = live;
  expected.erase(std::find(expected.begin(), expected.end(), "w6000"));
  EXPECT_EQ(words(rebuilt), expected);
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end())) << "recorded times only move forward";
  EXPECT_EQ(feed.events(), 8u);
}

TEST_F(SequencingTest, ARebuildFromAHorizonStartsAtTheFirstSeqItHolds) {
  ingestor_->on_message(kEvt, batch(1, 3));
  now_ += 60 * kMin;
  ingestor_->on_message(kEvt, batch(4, 5));
  std::vector<CommittedItem> rebuilt;
  HistoryFeed feed(*db_, [&](TimestampMs, std::vector<CommittedItem> items) {
    for (auto& i : items) rebuilt.push_back(std::move(i));
  });
  store::read_history(*db_, now_, feed);  // only what came in the last hour
  EXPECT_EQ(words(rebuilt), (Words{"r4", "r5"})) << "1-3 are before the horizon, not a hole";
}

namespace {

// One event of NODE naming AGENT, with seq SEQ (an epoch per node).
std::string agent_event(const std::string& node, std::uint64_t seq, const std::string& agent,
                        std::int64_t ts) {
  json e = {{"seq", seq},     {"ts", ts},        {"type", "agent.state"},
            {"agent", agent}, {"team", "sav-1"}, {"state", "available"}};
  return json{{"v", 1},
              {"node", node},
              {"epoch", node == "acd-1" ? kEpoch : "00000000000000b2"},
              {"events", json::array({e})}}
      .dump();
}

std::string evt_topic(const std::string& node) {
  return "vigie/v1/paris-1/node/" + node + "/evt";
}

}  // namespace

TEST_F(SequencingTest, ANodeOverItsAgentQuotaIsRefusedAloneAndTold) {
  options_.agents_per_node = 3;
  options_.new_agents_per_minute = 100;
  open();
  for (int i = 1; i <= 5; ++i)
    ingestor_->on_message(evt_topic("acd-9"),
                          agent_event("acd-9", i, "flood-" + std::to_string(i), kBase + i));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE node = 'acd-9'"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE refusal = 'agent_quota' AND reason LIKE "
                  "'too many new agents from node ''acd-9'': it introduced 3 already%'"),
            2);
  EXPECT_EQ(metrics_->refused.value(RefusalKind::agent_quota), 2u);
  std::uint64_t refused = 0;
  for (const auto& i : listener.seen)
    if (const auto* r = std::get_if<NodeRefused>(&i)) refused += r->node == "acd-9" ? r->events : 0;
  EXPECT_EQ(refused, 2u);
  // Another node's new agent is still welcome; a known agent is welcome from anywhere.
  ingestor_->on_message(evt_topic("acd-2"), agent_event("acd-2", 1, "4012", kBase + 10));
  ingestor_->on_message(evt_topic("acd-9"), agent_event("acd-9", 6, "4012", kBase + 11));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE agent = '4012'"), 2);
  // A restart remembers who introduced whom.
  open();
  ingestor_->on_message(evt_topic("acd-9"), agent_event("acd-9", 7, "flood-7", kBase + 12));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE agent = 'flood-7'"), 0);
  ingestor_->on_message(evt_topic("acd-2"), agent_event("acd-2", 2, "4013", kBase + 13));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE agent = '4013'"), 1);
}

TEST_F(SequencingTest, ANodeIntroducingAgentsTooFastIsRefusedUntilTheMinutePasses) {
  options_.agents_per_node = 100;
  options_.new_agents_per_minute = 2;
  open();
  for (int i = 1; i <= 3; ++i)
    ingestor_->on_message(evt_topic("acd-9"),
                          agent_event("acd-9", i, "a" + std::to_string(i), kBase + i));
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE reason LIKE '%in the last minute%'"), 1);
  now_ += 60'000;
  ingestor_->on_message(evt_topic("acd-9"), agent_event("acd-9", 4, "a4", kBase + 4));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE agent = 'a4'"), 1);
}

TEST_F(SequencingTest, TheHistoryTellsARebuildOfEachQuotaRefusal) {
  options_.agents_per_node = 1;
  open();
  ingestor_->on_message(evt_topic("acd-9"), agent_event("acd-9", 1, "a1", kBase + 1));
  ingestor_->on_message(evt_topic("acd-9"), agent_event("acd-9", 2, "a2", kBase + 2));
  std::uint64_t refused = 0;
  HistoryFeed feed(*db_, [&](TimestampMs, std::vector<CommittedItem> items) {
    for (const auto& i : items)
      if (const auto* r = std::get_if<NodeRefused>(&i)) refused += r->events;
  });
  store::read_history(*db_, 0, feed);
  EXPECT_EQ(refused, 1u);
}
