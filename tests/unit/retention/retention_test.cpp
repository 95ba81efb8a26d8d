// Retention against a real SQLite file: old raw rows and old ledger entries
// go in batches, through the purge gate; leaves and checkpoints stay, so every
// checkpoint still verifies; the ledger feed never appends a purged row again;
// audit packs written afterwards verify; a failure leaves no batch half done.
#include "evidence/retention.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <span>

#include "evidence/checkpointer.hpp"
#include "evidence/ledger_feed.hpp"
#include "evidence/merkle.hpp"
#include "evidence/pack_verifier.hpp"
#include "evidence/pack_writer.hpp"
#include "store/alert_repository.hpp"
#include "store/ledger_repository.hpp"
#include "store/schema.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;

constexpr TimestampMs kDay = kRetentionDayMs;
constexpr TimestampMs kNow = 3000 * kDay;
constexpr RetentionPolicy kPolicy{10, 30};
constexpr TimestampMs kRawLimit = kNow - 10 * kDay;
constexpr TimestampMs kEvidenceLimit = kNow - 30 * kDay;
const std::string kOrigin = "vigie/paris-1/gw-1";

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-retention-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = std::make_unique<store::Database>(dir_ / "vigie.db", store::OpenOptions{});
    store::migrate(*db_);
    LedgerFeedOptions o;
    o.site = "paris-1";
    o.pseudonymise_alert = [](json a) {
      a["subject"]["agent"] = "p-0f0f";
      return a;
    };
    o.pseudonym = [](const std::string&) { return std::string("p-0f0f"); };
    feed_ = std::make_unique<LedgerFeed>(*db_, o);
    key_ = std::make_unique<SigningKey>(SigningKey::load_or_create(dir_ / "evidence.key", kOrigin));
    checkpointer_ = std::make_unique<Checkpointer>(*db_, *key_, kOrigin);
  }
  void TearDown() override {
    checkpointer_.reset();
    feed_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::int64_t count(const std::string& sql) { return db_->scalar(sql); }

  void event(std::int64_t seq, TimestampMs received_at) {
    auto s = db_->prepare(
        "INSERT INTO events (node, epoch, seq, ts, type, received_at)"
        " VALUES ('acd-1', 'e1', ?, ?, 'agent.state', ?)");
    s.bind(1, seq).bind(2, received_at - 5).bind(3, received_at).run();
  }
  void quarantined(std::int64_t seq, TimestampMs received_at) {
    auto s = db_->prepare(
        "INSERT INTO quarantine (received_at, topic, node, epoch, seq, reason, raw, raw_size,"
        " raw_sha256) VALUES (?, 'vigie/v1/paris-1/acd-1/event', 'acd-1', 'e1', ?, 'schema',"
        " 'x', 1, 'aa')");
    s.bind(1, received_at).bind(2, seq).run();
  }
  void transition(const std::string& key, TimestampMs at) {
    store::AlertRepository alerts(*db_);
    const json alert{{"id", "a1b2"},
                     {"criterion", "BRK-01"},
                     {"subject", {{"agent", "4012"}}},
                     {"state", "due"}};
    ASSERT_TRUE(alerts.record({key, "a1b2", "state", std::nullopt, "due", at, "BRK-01", "agent",
                               "4012", "major", at, alert.dump()},
                              at));
  }
  void node_state(TimestampMs ts) {
    auto s = db_->prepare(
        "INSERT INTO node_history (node, what, epoch, state, ts, received_at)"
        " VALUES ('acd-1', 'state', 'e1', 'online', ?, ?)");
    s.bind(1, ts).bind(2, ts + 1).run();
  }
  std::int64_t gap(TimestampMs detected_at) {
    auto s = db_->prepare(
        "INSERT INTO gaps (node, epoch, from_seq, to_seq, from_ts, to_ts, detected_at)"
        " VALUES ('acd-1', 'e1', 5, 9, ?1, ?1, ?1)");
    s.bind(1, detected_at).run();
    return count("SELECT max(id) FROM gaps");
  }
  void close_gap(std::int64_t id, TimestampMs at) {
    auto s = db_->prepare("UPDATE gaps SET status = 'filled', closed_at = ? WHERE id = ?");
    s.bind(1, at).bind(2, id).run();
  }
  std::vector<Hash> leaves() {
    store::LedgerRepository ledger(*db_);
    return ledger.leaf_hashes(ledger.size());
  }
  bool gate_open() { return count("SELECT open FROM ledger_purge_gate") != 0; }

  // Every stored checkpoint opens with the key, is the root of its prefix of
  // the leaves, and is consistent with the newest, which covers them all.
  void expect_checkpoints_hold() {
    store::LedgerRepository ledger(*db_);
    const auto all = leaves();
    const auto rows = ledger.checkpoints();
    ASSERT_FALSE(rows.empty());
    const auto verifier = *Verifier::parse(key_->verifier_key(), nullptr);
    const auto& newest = rows.back();
    ASSERT_EQ(static_cast<std::size_t>(newest.size), all.size());
    for (const auto& c : rows) {
      const auto body = open_note(c.note, verifier, nullptr);
      ASSERT_TRUE(body.has_value()) << "checkpoint of size " << c.size;
      const auto parsed = Checkpoint::parse(*body, nullptr);
      ASSERT_TRUE(parsed.has_value());
      EXPECT_EQ(parsed->size, static_cast<std::uint64_t>(c.size));
      EXPECT_EQ(parsed->root, c.root);
      EXPECT_EQ(parsed->root, tree_root(std::span(all).first(static_cast<std::size_t>(c.size))));
      const auto size = static_cast<std::uint64_t>(c.size);
      EXPECT_TRUE(verify_consistency(size, all.size(), parsed->root, newest.root,
                                     consistency_proof(all, size)))
          << "checkpoint of size " << c.size;
    }
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<LedgerFeed> feed_;
  std::unique_ptr<SigningKey> key_;
  std::unique_ptr<Checkpointer> checkpointer_;
};

TEST_F(RetentionTest, RawRowsReceivedBeforeTheLimitGoAndTheLimitItselfStays) {
  for (std::int64_t i = 0; i < 5; ++i) event(i, kRawLimit - (5 - i) * kDay);
  event(5, kRawLimit - 1);
  event(6, kRawLimit);  // exactly raw_days old: kept (only what is older goes)
  event(7, kRawLimit + 1);
  event(8, kNow);
  quarantined(1, kRawLimit - kDay);
  quarantined(2, kRawLimit - 1);
  quarantined(3, kRawLimit);
  quarantined(4, kNow);

  const auto r = purge(*db_, kPolicy, kNow, 2);  // several batches
  EXPECT_EQ(r.events, 6);
  EXPECT_EQ(r.quarantine, 2);
  EXPECT_EQ(r.ledger_entries, 0);
  EXPECT_EQ(count("SELECT count(*) FROM events"), 3);
  EXPECT_EQ(count("SELECT min(received_at) FROM events"), kRawLimit);
  EXPECT_EQ(count("SELECT min(seq) FROM events"), 6);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine"), 2);
  EXPECT_EQ(count("SELECT min(received_at) FROM quarantine"), kRawLimit);

  const auto again = purge(*db_, kPolicy, kNow);
  EXPECT_EQ(again.events + again.quarantine + again.ledger_entries, 0) << "nothing left to purge";
}

TEST_F(RetentionTest, OldEntriesGoWhileLeavesAndCheckpointsStayVerifiable) {
  transition("t0", kEvidenceLimit - 10 * kDay);
  transition("t1", kEvidenceLimit - 5 * kDay);
  feed_->catch_up();
  ASSERT_TRUE(checkpointer_->checkpoint(kNow - 3));  // size 2
  transition("t2", kEvidenceLimit - 1);
  transition("t3", kEvidenceLimit);  // exactly evidence_days old: kept
  feed_->catch_up();
  ASSERT_TRUE(checkpointer_->checkpoint(kNow - 2));  // size 4
  transition("t4", kEvidenceLimit + kDay);
  transition("t5", kNow - 1);
  feed_->catch_up();
  ASSERT_TRUE(checkpointer_->checkpoint(kNow - 1));  // size 6
  ASSERT_EQ(count("SELECT count(*) FROM checkpoints"), 3);

  const auto r = purge(*db_, kPolicy, kNow, 2);
  EXPECT_EQ(r.ledger_entries, 3);
  EXPECT_EQ(count("SELECT count(*) FROM ledger_leaves"), 6) << "leaf hashes are never deleted";
  EXPECT_EQ(count("SELECT count(*) FROM ledger_entries"), 3);
  EXPECT_EQ(count("SELECT min(at) FROM ledger_entries"), kEvidenceLimit);
  EXPECT_EQ(count("SELECT min(idx) FROM ledger_entries"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM checkpoints"), 3) << "checkpoints are never deleted";
  EXPECT_FALSE(gate_open());
  EXPECT_THROW(db_->exec("DELETE FROM ledger_entries"), store::StoreError)
      << "the gate is closed again: a plain delete is refused";
  EXPECT_EQ(count("SELECT count(*) FROM ledger_entries"), 3);
  expect_checkpoints_hold();

  // The ledger grows on: a new checkpoint extends every old one.
  transition("t6", kNow);
  transition("t7", kNow + 1);
  EXPECT_EQ(feed_->catch_up(), 2u);
  ASSERT_TRUE(checkpointer_->checkpoint(kNow + 2));  // size 8
  EXPECT_EQ(count("SELECT max(size) FROM checkpoints"), 8);
  expect_checkpoints_hold();
}

TEST_F(RetentionTest, TheFeedAppendsNothingPurgedAgainAndNewRowsAsUsual) {
  const TimestampMs old = kEvidenceLimit - 10 * kDay;
  transition("a", old);
  transition("b", old + 1);
  node_state(old);
  node_state(old + 1);
  const auto g1 = gap(old);
  const auto g2 = gap(old);  // stays open across the first purge
  const auto g3 = gap(old + 1);
  const auto g4 = gap(old + 1);
  close_gap(g1, old + 2);
  close_gap(g3, old + 3);
  close_gap(g4, old + 4);
  EXPECT_EQ(feed_->catch_up(), 11u);
  EXPECT_TRUE(feed_->record_load("referentiel.loaded", old, {{"name", "r"}, {"version", "1"}}));
  EXPECT_TRUE(feed_->record_load("referentiel.loaded", old + 5, {{"name", "r"}, {"version", "2"}}));
  ASSERT_EQ(count("SELECT count(*) FROM ledger_leaves"), 13);

  const auto r = purge(*db_, kPolicy, kNow);
  // Every alert, node and gap.opened entry (each source's newest included),
  // gap 1's closing, and the superseded référentiel. Gaps 3 and 4 closed above
  // gap 2, still open: kept until it closes. Référentiel 2 is still in force.
  EXPECT_EQ(r.ledger_entries, 10);
  store::LedgerRepository ledger(*db_);
  EXPECT_EQ(ledger.source_horizon("gaps.closed"), g1);
  EXPECT_EQ(ledger.last_source_id("alert_transitions"), 2);
  EXPECT_EQ(ledger.last_source_id("node_history"), 2);
  EXPECT_EQ(ledger.last_source_id("gaps.opened"), g4);
  EXPECT_EQ(count("SELECT count(*) FROM ledger_entries WHERE src = 'gaps.closed'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM ledger_entries WHERE src = 'referentiel.loaded'"), 1);

  EXPECT_EQ(feed_->catch_up(), 0u) << "nothing purged comes back";
  EXPECT_FALSE(feed_->record_load("referentiel.loaded", kNow, {{"name", "r"}, {"version", "2"}}))
      << "the référentiel in force is still known";
  EXPECT_EQ(count("SELECT count(*) FROM ledger_leaves"), 13);

  // New rows, and the old gap closing late, are appended as usual.
  close_gap(g2, kNow - 3);
  transition("c", kNow - 2);
  node_state(kNow - 1);
  EXPECT_EQ(feed_->catch_up(), 3u);
  EXPECT_EQ(feed_->catch_up(), 0u);
  EXPECT_EQ(count("SELECT count(*) FROM ledger_leaves"), 16);
  EXPECT_EQ(count("SELECT count(*) FROM ledger_entries WHERE src = 'gaps.closed'"), 3);
  EXPECT_EQ(
      count("SELECT count(*) FROM ledger_entries WHERE at < " + std::to_string(kEvidenceLimit)), 4)
      << "old: the closings of gaps 2, 3 and 4 (filed at their gaps' own event times) and the"
         " référentiel in force";

  // Much later, everything settled: all of it goes, bar the référentiel in force.
  const auto later = purge(*db_, kPolicy, kNow + 100 * kDay);
  EXPECT_EQ(later.ledger_entries, 5);
  EXPECT_EQ(ledger.source_horizon("gaps.closed"), g4);
  EXPECT_EQ(count("SELECT count(*) FROM ledger_entries"), 1);
  EXPECT_EQ(feed_->catch_up(), 0u);
  const auto g5 = gap(kNow + 100 * kDay);
  close_gap(g5, kNow + 100 * kDay + 1);
  EXPECT_EQ(feed_->catch_up(), 2u) << "a new gap is opened and closed in the ledger";
  EXPECT_EQ(count("SELECT count(*) FROM ledger_leaves"), 18);
  EXPECT_FALSE(gate_open());
}

TEST_F(RetentionTest, TheCursorIsSeededFromALedgerMadeBeforeIt) {
  transition("a", kNow - 3);
  transition("b", kNow - 2);
  node_state(kNow - 1);
  EXPECT_EQ(feed_->catch_up(), 3u);
  // Back to schema 3, then migrated again: the cursor starts from the entries.
  db_->exec(
      "DROP VIEW counters; ALTER TABLE counters_base RENAME TO counters;"
      " ALTER TABLE sequences DROP COLUMN events_received;"
      " ALTER TABLE sequences DROP COLUMN events_stored;"
      " ALTER TABLE sequences DROP COLUMN duplicates;"
      " ALTER TABLE sequences DROP COLUMN quarantined; ALTER TABLE sequences DROP COLUMN gaps;"
      " ALTER TABLE sequences DROP COLUMN last_event_ts;"
      " ALTER TABLE sequences DROP COLUMN last_stored_at;"
      " DROP TRIGGER alert_transitions_outbox; DROP TRIGGER node_history_outbox;"
      " DROP TRIGGER gaps_opened_outbox; DROP TRIGGER gaps_closed_outbox;"
      " DROP TRIGGER agent_day_outbox; DROP TRIGGER checkpoints_outbox;"
      " DROP TABLE outbox; DROP TABLE outbox_state;"
      " ALTER TABLE sequences DROP COLUMN until_ts; ALTER TABLE sequences DROP COLUMN until_seq;"
      " ALTER TABLE sequences DROP COLUMN until_at; DROP INDEX gaps_by_from_ts;"
      " ALTER TABLE quarantine DROP COLUMN refusal;"
      " DROP TABLE ledger_cursor; DROP INDEX events_by_received_at;"
      " DROP INDEX quarantine_by_received_at;"
      " DROP TABLE witness_cosignatures; DROP TABLE witness_progress; PRAGMA user_version = 3");
  store::migrate(*db_);
  EXPECT_EQ(count("SELECT last_id FROM ledger_cursor WHERE src = 'alert_transitions'"), 2);
  EXPECT_EQ(count("SELECT last_id FROM ledger_cursor WHERE src = 'node_history'"), 1);
  EXPECT_EQ(feed_->catch_up(), 0u);
  EXPECT_EQ(purge(*db_, kPolicy, kNow + 100 * kDay).ledger_entries, 3);
  EXPECT_EQ(feed_->catch_up(), 0u);

  transition("c", kNow + 100 * kDay);
  EXPECT_EQ(feed_->catch_up(), 1u);
  EXPECT_THROW(db_->exec("DELETE FROM ledger_cursor"), store::StoreError);
  EXPECT_THROW(db_->exec("UPDATE ledger_cursor SET last_id = 0"), store::StoreError)
      << "the cursor never moves back";
  store::LedgerRepository ledger(*db_);
  EXPECT_EQ(ledger.last_source_id("alert_transitions"), 3);
  EXPECT_EQ(ledger.last_source_id("node_history"), 1) << "its entry is gone, its cursor stays";

  // A source missing from the cursor falls back to its entries.
  db_->exec("DROP TRIGGER ledger_cursor_no_delete; DELETE FROM ledger_cursor");
  EXPECT_EQ(ledger.last_source_id("alert_transitions"), 3);
}

TEST_F(RetentionTest, PacksWrittenAfterAPurgeVerify) {
  transition("t0", kEvidenceLimit - 10 * kDay);
  transition("t1", kEvidenceLimit - 5 * kDay);
  feed_->catch_up();
  ASSERT_TRUE(checkpointer_->checkpoint(kNow - 2));
  transition("t2", kEvidenceLimit + kDay);
  transition("t3", kNow - 1);
  feed_->catch_up();
  ASSERT_TRUE(checkpointer_->checkpoint(kNow - 1));
  ASSERT_EQ(purge(*db_, kPolicy, kNow).ledger_entries, 2);

  const auto fp = fingerprint(key_->public_key());
  PackRequest kept{"paris-1", kOrigin, "Europe/Paris", kEvidenceLimit, kNow, dir_ / "kept"};
  const auto s = write_pack(*db_, *key_, kept, kNow);
  EXPECT_EQ(s.entries, 2u);
  EXPECT_EQ(s.tree_size, 4u);
  const auto v = verify_pack(kept.out, fp);
  EXPECT_TRUE(v.ok()) << (v.failures.empty() ? "" : v.failures.front());
  EXPECT_EQ(v.entries, 2u);
  EXPECT_EQ(v.tree_size, 4u);

  PackRequest purged{"paris-1",          kOrigin,        "Europe/Paris", kEvidenceLimit - 20 * kDay,
                     kEvidenceLimit - 1, dir_ / "purged"};
  EXPECT_EQ(write_pack(*db_, *key_, purged, kNow).entries, 0u);
  const auto e = verify_pack(purged.out, fp);
  EXPECT_TRUE(e.ok()) << (e.failures.empty() ? "" : e.failures.front());
  EXPECT_EQ(e.entries, 0u);
  EXPECT_EQ(e.tree_size, 4u) << "the empty pack still proves the whole tree's checkpoints";
}

TEST_F(RetentionTest, AFailedLedgerBatchIsRolledBackWholeWithTheGateClosed) {
  for (int i = 0; i < 30; ++i) transition("t" + std::to_string(i), kEvidenceLimit - 100 + i);
  ASSERT_EQ(feed_->catch_up(), 30u);
  // Batches of 10 in time order: the second one (idx 10 to 19) fails halfway.
  db_->exec(
      "CREATE TEMP TRIGGER fail_second_batch BEFORE DELETE ON ledger_entries"
      " WHEN OLD.idx = 15 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
  EXPECT_THROW(purge(*db_, kPolicy, kNow, 10), store::StoreError);
  EXPECT_FALSE(gate_open());
  EXPECT_EQ(count("SELECT count(*) FROM ledger_entries"), 20) << "the first batch stays done";
  EXPECT_EQ(count("SELECT min(idx) FROM ledger_entries"), 10);
  EXPECT_EQ(count("SELECT count(*) FROM ledger_entries WHERE idx BETWEEN 10 AND 19"), 10)
      << "nothing of the failed batch is deleted";
  EXPECT_THROW(db_->exec("DELETE FROM ledger_entries"), store::StoreError);
  EXPECT_EQ(count("SELECT count(*) FROM ledger_leaves"), 30);

  db_->exec("DROP TRIGGER temp.fail_second_batch");
  EXPECT_EQ(purge(*db_, kPolicy, kNow, 10).ledger_entries, 20);
  EXPECT_EQ(count("SELECT count(*) FROM ledger_entries"), 0);
  EXPECT_FALSE(gate_open());
  EXPECT_EQ(feed_->catch_up(), 0u);
}

TEST_F(RetentionTest, AFailedRawBatchIsRolledBackWhole) {
  for (int i = 0; i < 30; ++i) event(i, kRawLimit - 100 + i);
  db_->exec(
      "CREATE TEMP TRIGGER fail_second_batch BEFORE DELETE ON events"
      " WHEN OLD.seq = 15 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
  EXPECT_THROW(purge(*db_, kPolicy, kNow, 10), store::StoreError);
  EXPECT_EQ(count("SELECT count(*) FROM events"), 20);
  EXPECT_EQ(count("SELECT min(seq) FROM events"), 10);
  EXPECT_FALSE(gate_open());
  db_->exec("DROP TRIGGER temp.fail_second_batch");
  EXPECT_EQ(purge(*db_, kPolicy, kNow, 10).events, 20);
}

TEST_F(RetentionTest, RefusesAPolicyBelowOneDay) {
  EXPECT_THROW(purge(*db_, {0, 30}, kNow), std::invalid_argument);
  EXPECT_THROW(purge(*db_, {10, 0}, kNow), std::invalid_argument);
  EXPECT_THROW(purge(*db_, kPolicy, kNow, 0), std::invalid_argument);
}

}  // namespace
}  // namespace vigie::evidence
