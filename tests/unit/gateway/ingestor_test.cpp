// The ingest pipeline against a real SQLite file, without a broker: stored
// exactly once, duplicates counted, gaps recorded and resynced, bad input
// quarantined, acks only for what is durable, state rebuilt after a restart.
#include "ingest_fixture.hpp"

using namespace vigie;
using namespace vigie::ingest;
using namespace vigie::ingest::testing;

TEST_F(IngestorTest, CleanStreamIsStoredInColumnsAndAcked) {
  ingestor_->on_message(kEvt, batch(1, 100));
  EXPECT_EQ(count("SELECT count(*) FROM events"), 100);
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE agent = '4012' AND state = 'available'"
                  " AND type = 'agent.state' AND team = 'sav-1'"),
            100);
  EXPECT_EQ(metrics_->events_stored, 100u);
  EXPECT_EQ(metrics_->events_received, 100u);
  auto acks = outbox_.on("/ack");
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_TRUE(acks[0].retained);
  EXPECT_EQ(acks[0].topic, "vigie/v1/paris-1/node/acd-1/ack");
  EXPECT_EQ(last_ack()["seq"], 100);
  EXPECT_EQ(last_ack()["epoch"], kEpoch);
  EXPECT_TRUE(outbox_.on("/cmd").empty());
}

TEST_F(IngestorTest, RedeliveredBatchIsCountedAsDuplicatesAndStoredOnce) {
  ingestor_->on_message(kEvt, batch(1, 10));
  ingestor_->on_message(kEvt, batch(1, 10));
  ingestor_->on_message(kEvt, batch(5, 12));
  EXPECT_EQ(count("SELECT count(*) FROM events"), 12);
  EXPECT_EQ(metrics_->duplicates, 16u);
  EXPECT_EQ(metrics_->events_stored, 12u);
  EXPECT_EQ(last_ack()["seq"], 12);
  EXPECT_EQ(outbox_.on("/ack").size(), 3u) << "a duplicate batch is acked again";
}

TEST_F(IngestorTest, GapIsRecordedWithBoundsAndAResyncIsSent) {
  ingestor_->on_message(kEvt, batch(1, 10));
  ingestor_->on_message(kEvt, batch(16, 20));
  EXPECT_EQ(metrics_->gaps, 1u);
  EXPECT_EQ(
      count("SELECT count(*) FROM gaps WHERE from_seq = 11 AND to_seq = 15 AND status = 'open'"
            " AND from_ts = 1764489610000 AND to_ts = 1764489616000"),
      1);
  auto cmds = outbox_.on("/cmd");
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_FALSE(cmds[0].retained);
  EXPECT_EQ(json::parse(cmds[0].payload),
            (json{{"cmd", "resync"}, {"epoch", kEpoch}, {"from_seq", 11}}));
  EXPECT_EQ(last_ack()["seq"], 10) << "the ack never passes a hole";

  ingestor_->on_message(kEvt, batch(11, 15));
  EXPECT_EQ(last_ack()["seq"], 20);
  EXPECT_EQ(count("SELECT count(*) FROM gaps WHERE status = 'filled'"), 1);
  EXPECT_EQ(metrics_->gaps_open, 0u);
  EXPECT_EQ(count("SELECT count(*) FROM events"), 20);
}

TEST_F(IngestorTest, ResyncIsRepeatedWhileTheHoleStaysOpenThenTheHoleIsGivenUp) {
  ingestor_->on_message(kEvt, batch(1, 2));
  ingestor_->on_message(kEvt, batch(5, 5));  // hole 3-4, its end at seq 5's ts
  EXPECT_EQ(outbox_.on("/cmd").size(), 1u);
  now_ += 2000;
  ingestor_->on_message(kEvt, batch(6, 6));
  EXPECT_EQ(outbox_.on("/cmd").size(), 1u) << "not repeated within 10 s";
  now_ += 10000;
  ingestor_->on_message(kEvt, batch(7, 7));
  EXPECT_EQ(outbox_.on("/cmd").size(), 2u);
  EXPECT_EQ(last_ack()["seq"], 2);
  // Wall time alone gives up nothing: the node's own time must move 5 min past the hole.
  now_ += 10 * 60 * 1000;
  ingestor_->on_message(kEvt, batch(8, 8));
  EXPECT_EQ(count("SELECT count(*) FROM gaps WHERE status = 'lost'"), 0);
  EXPECT_EQ(last_ack()["seq"], 2);
  // An event 5 min after the hole's end, and the resync unanswered for 30 s: given up.
  ingestor_->on_message(kEvt, batch_at(9, kBase + 5000 + 5 * 60 * 1000));
  EXPECT_EQ(count("SELECT count(*) FROM gaps WHERE status = 'lost' AND from_seq = 3"), 1);
  EXPECT_EQ(last_ack()["seq"], 9) << "a lost hole no longer holds the node's journal";
  EXPECT_EQ(metrics_->gaps_lost, 1u);
  // A late copy of a lost event is still stored, not thrown away.
  ingestor_->on_message(kEvt, batch(3, 3));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE seq = 3"), 1);
}

TEST_F(IngestorTest, BadPayloadsAreQuarantinedWithTopicReasonAndBytes) {
  ingestor_->on_message(kEvt, "{\"v\":1,");
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/birth", "{\"v\":1}");
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state", "\xff\xfe");
  std::string huge(300 * 1024, 'x');
  ingestor_->on_message(kEvt, huge);
  EXPECT_EQ(metrics_->quarantined, 4u);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE topic = '" + kEvt +
                  "' AND reason LIKE 'not valid JSON%'"),
            1);
  EXPECT_EQ(count("SELECT raw_size FROM quarantine WHERE reason LIKE '%exceeds%'"), 300 * 1024);
  EXPECT_EQ(count("SELECT length(raw) FROM quarantine WHERE reason LIKE '%exceeds%'"), 4096);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE length(raw_sha256) = 64"), 4);
  // Good traffic still flows after bad.
  ingestor_->on_message(kEvt, batch(1, 3));
  EXPECT_EQ(count("SELECT count(*) FROM events"), 3);
}

TEST_F(IngestorTest, BadEventInABatchIsQuarantinedAloneAndConsumesItsSeq) {
  json events = json::array({event(1), event(2), event(3)});
  events[1]["state"] = "dancing";
  ingestor_->on_message(
      kEvt, json{{"v", 1}, {"node", "acd-1"}, {"epoch", kEpoch}, {"events", events}}.dump());
  EXPECT_EQ(count("SELECT count(*) FROM events"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE seq = 2 AND node = 'acd-1'"), 1);
  EXPECT_EQ(metrics_->quarantined, 1u);
  EXPECT_EQ(metrics_->gaps, 0u) << "a rejected event's seq opens no gap";
  EXPECT_EQ(last_ack()["seq"], 3);
  // Delivered again, the bad event is a duplicate, not a second quarantine record.
  ingestor_->on_message(
      kEvt, json{{"v", 1}, {"node", "acd-1"}, {"epoch", kEpoch}, {"events", events}}.dump());
  EXPECT_EQ(metrics_->quarantined, 1u);
  EXPECT_EQ(metrics_->duplicates, 3u);
}

TEST_F(IngestorTest, TopicOfAnotherNodeInPayloadIsQuarantined) {
  ingestor_->on_message("vigie/v1/paris-1/node/acd-2/evt", batch(1, 1));
  EXPECT_EQ(count("SELECT count(*) FROM events"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE node = 'acd-2'"), 1);
}

TEST_F(IngestorTest, OtherSitesTrafficIsIgnoredNotQuarantined) {
  ingestor_->on_message("vigie/v1/lyon-1/node/acd-1/evt", batch(1, 1));
  EXPECT_EQ(count("SELECT count(*) FROM events"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine"), 0);
  EXPECT_EQ(metrics_->messages_ignored, 1u);
}

TEST_F(IngestorTest, BirthAndStateTrackNodesAndTheirHistory) {
  const json birth = {{"v", 1},        {"node", "acd-1"}, {"epoch", kEpoch}, {"kind", "acd-bridge"},
                      {"fw", "1.0.0"}, {"ts", 1000}};
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/birth", birth.dump());
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/birth", birth.dump());  // retained again
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state",
                        json{{"state", "online"}, {"epoch", kEpoch}, {"ts", 1001}}.dump());
  EXPECT_EQ(metrics_->nodes_online, 1u);
  EXPECT_EQ(metrics_->nodes_total, 1u);
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state",
                        json{{"state", "lost"}, {"epoch", kEpoch}, {"ts", 2000}}.dump());
  EXPECT_EQ(metrics_->nodes_online, 0u);
  // An older state (a stale retained copy) does not overwrite a newer one.
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state",
                        json{{"state", "online"}, {"epoch", kEpoch}, {"ts", 1500}}.dump());
  EXPECT_EQ(metrics_->nodes_online, 0u);
  EXPECT_EQ(count("SELECT count(*) FROM node_history WHERE what = 'birth'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM node_history WHERE what = 'state'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM nodes WHERE state = 'lost' AND kind = 'acd-bridge'"), 1);
}

TEST_F(IngestorTest, TheWillOfTheSessionEndsItThoughDatedBeforeItsOnline) {
  // vigie-node writes its Will (lost, with the time) before connecting, then says online:
  // the lost the broker publishes when the link dies is older than that online.
  RecordingListener listener;
  ingestor_->set_listener(&listener);
  const json birth = {{"v", 1},        {"node", "acd-1"}, {"epoch", kEpoch}, {"kind", "acd-bridge"},
                      {"fw", "1.0.0"}, {"ts", 1000}};
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/birth", birth.dump());
  const auto online = json{{"state", "online"}, {"epoch", kEpoch}, {"ts", 1005}}.dump();
  const auto will = json{{"state", "lost"}, {"epoch", kEpoch}, {"ts", 1000}}.dump();
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state", online);
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state", will);
  EXPECT_EQ(metrics_->nodes_online, 0u);
  EXPECT_EQ(count("SELECT count(*) FROM nodes WHERE state = 'lost' AND state_ts = 1005"), 1);
  ASSERT_EQ(listener.seen.size(), 3u);
  EXPECT_EQ(std::get<NodeStateChanged>(listener.seen[2]).report.state, NodeStatus::lost);
  // The retained Will seen again (a gateway reconnecting) changes nothing.
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state", will);
  EXPECT_EQ(listener.seen.size(), 3u);
  EXPECT_EQ(count("SELECT count(*) FROM node_history WHERE what = 'state'"), 2);
  // The next session's online is newer; a Will of an epoch that is not the node's is not
  // this session's end and stays ordered by time.
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state",
                        json{{"state", "online"}, {"epoch", kEpoch}, {"ts", 3000}}.dump());
  EXPECT_EQ(metrics_->nodes_online, 1u);
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state",
                        json{{"state", "lost"}, {"epoch", "another-epoch"}, {"ts", 2000}}.dump());
  EXPECT_EQ(metrics_->nodes_online, 1u);
}

TEST_F(IngestorTest, RestartRebuildsSequencesCountersAndOpenGaps) {
  ingestor_->on_message(kEvt, batch(1, 5));
  ingestor_->on_message(kEvt, batch(9, 10));
  ingestor_->on_message(kEvt, batch(1, 2));
  open();  // a new process on the same file
  EXPECT_EQ(metrics_->events_stored, 7u);
  EXPECT_EQ(metrics_->duplicates, 2u);
  EXPECT_EQ(metrics_->gaps, 1u);
  EXPECT_EQ(metrics_->gaps_open, 1u);
  ingestor_->on_message(kEvt, batch(10, 10));
  EXPECT_EQ(metrics_->duplicates, 3u) << "held seqs above the hole are remembered";
  EXPECT_EQ(metrics_->gaps, 1u) << "no new gap after restart";
  ingestor_->on_message(kEvt, batch(6, 8));
  EXPECT_EQ(last_ack()["seq"], 10);
  EXPECT_EQ(metrics_->gaps_open, 0u);
}

TEST_F(IngestorTest, RepublishedAcksCoverEveryNodesLatestEpoch) {
  ingestor_->on_message(kEvt, batch(1, 4));
  outbox_.sent.clear();
  open();
  ingestor_->republish_acks();
  ASSERT_EQ(outbox_.on("/ack").size(), 1u);
  EXPECT_EQ(last_ack()["seq"], 4);
}

TEST_F(IngestorTest, NewEpochStartsANewSequence) {
  ingestor_->on_message(kEvt, batch(1, 3));
  json events = json::array({event(1)});
  ingestor_->on_message(
      kEvt,
      json{{"v", 1}, {"node", "acd-1"}, {"epoch", "00000000000000aa"}, {"events", events}}.dump());
  EXPECT_EQ(count("SELECT count(*) FROM events"), 4);
  EXPECT_EQ(last_ack()["epoch"], "00000000000000aa");
  EXPECT_EQ(last_ack()["seq"], 1);
}

TEST_F(IngestorTest, FailedCommitLeavesNothingHalfDoneAndMemoryMatchesTheStore) {
  ingestor_->on_message(kEvt, batch(1, 3));
  // Make the next insert fail inside the transaction.
  db_->exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.seq = 5"
      " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
  outbox_.sent.clear();
  EXPECT_THROW(ingestor_->on_message(kEvt, batch(4, 6)), store::StoreError);
  EXPECT_TRUE(outbox_.sent.empty()) << "nothing acked for a failed commit";
  EXPECT_EQ(count("SELECT count(*) FROM events"), 3) << "seq 4 rolled back with the rest";
  EXPECT_FALSE(metrics_->store_writable);
  db_->exec("DROP TRIGGER refuse");
  ingestor_->on_message(kEvt, batch(4, 6));
  EXPECT_EQ(count("SELECT count(*) FROM events"), 6);
  EXPECT_EQ(metrics_->events_stored, 6u);
  EXPECT_EQ(metrics_->duplicates, 0u);
  EXPECT_EQ(last_ack()["seq"], 6);
  EXPECT_TRUE(metrics_->store_writable);
}

std::vector<std::uint64_t> released(const std::vector<CommittedItem>& items) {
  std::vector<std::uint64_t> out;
  for (const auto& i : items)
    if (const auto* r = std::get_if<Released>(&i)) out.push_back(r->event.seq);
  return out;
}

TEST_F(IngestorTest, ListenerGetsEventsInSeqOrderAfterAHoleIsFilledAndHearsOfTheHold) {
  RecordingListener listener;
  ingestor_->set_listener(&listener);
  ingestor_->on_message(kEvt, batch(1, 1));
  ingestor_->on_message(kEvt, batch(4, 4));
  ingestor_->on_message(kEvt, batch(4, 4));  // duplicate: nothing new to tell
  ASSERT_EQ(listener.seen.size(), 2u);
  EXPECT_EQ(std::get<Released>(listener.seen[0]).event.seq, 1u);
  EXPECT_EQ(std::get<Holding>(listener.seen[1]).holding, true) << "4 waits for 2 and 3";
  ingestor_->on_message(kEvt, batch(2, 3));
  EXPECT_EQ(released(listener.seen), (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(std::get<Holding>(listener.seen.back()).holding, false);
  EXPECT_EQ(std::get<Released>(listener.seen[2]).source, (NodeEpoch{"acd-1", kEpoch}));
}

TEST_F(IngestorTest, ListenerLearnsOfBirthsAndStateChangesAndNothingOfConsumedSeqs) {
  RecordingListener listener;
  ingestor_->set_listener(&listener);
  json events = json::array({event(1), event(2)});
  events[0]["state"] = "bored";
  ingestor_->on_message(
      kEvt, json{{"v", 1}, {"node", "acd-1"}, {"epoch", kEpoch}, {"events", events}}.dump());
  ingestor_->on_message(
      "vigie/v1/paris-1/node/acd-1/birth",
      json{
          {"v", 1}, {"node", "acd-1"}, {"epoch", kEpoch}, {"kind", "desk"}, {"fw", "2"}, {"ts", 10}}
          .dump());
  ingestor_->on_message("vigie/v1/paris-1/node/acd-1/state",
                        json{{"state", "lost"}, {"epoch", kEpoch}, {"ts", 11}}.dump());
  ASSERT_EQ(listener.seen.size(), 3u);
  EXPECT_EQ(std::get<Released>(listener.seen[0]).event.seq, 2u);
  EXPECT_EQ(std::get<NodeBorn>(listener.seen[1]).birth.kind, NodeKind::desk);
  EXPECT_EQ(std::get<NodeStateChanged>(listener.seen[2]).report.state, NodeStatus::lost);
}

TEST_F(IngestorTest, ListenerHearsNothingOfAFailedCommit) {
  RecordingListener listener;
  ingestor_->set_listener(&listener);
  db_->exec("CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'no'); END");
  EXPECT_THROW(ingestor_->on_message(kEvt, batch(1, 2)), store::StoreError);
  EXPECT_TRUE(listener.seen.empty());
}
