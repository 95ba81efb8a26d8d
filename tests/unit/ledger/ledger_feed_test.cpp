// The evidence ledger against a real SQLite file: fed from the evidence tables
// once and in order, append-only by trigger, pseudonymised, checkpointed, and
// every checkpoint still consistent with the newest.
#include "evidence/ledger_feed.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include "evidence/canonical_json.hpp"
#include "evidence/checkpointer.hpp"
#include "evidence/merkle.hpp"
#include "store/alert_repository.hpp"
#include "store/schema.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;

class LedgerFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-ledger-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = std::make_unique<store::Database>(dir_ / "vigie.db", store::OpenOptions{});
    store::migrate(*db_);
    LedgerFeedOptions o;
    o.site = "paris-1";
    o.pseudonymise_alert = [](json a) {
      a["subject"]["agent"] = "p-0f0f";
      a["id"] = "pid";
      a["summary"] = "agent.p-hidden";
      return a;
    };
    o.pseudonym = [](const std::string&) { return std::string("p-0f0f"); };
    feed_ = std::make_unique<LedgerFeed>(*db_, o);
  }
  void TearDown() override {
    feed_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void transition(const std::string& key, const std::string& state, std::int64_t at) {
    store::AlertRepository alerts(*db_);
    const json alert{
        {"id", "a1b2"},   {"criterion", "BRK-01"}, {"subject", {{"agent", "4012"}}},
        {"state", state}, {"value", 362.5},        {"summary", "agent.4012: pause due"}};
    alerts.record({key, "a1b2", "state", std::nullopt, state, at, "BRK-01", "agent", "4012",
                   "major", 1000, alert.dump()},
                  at);
  }
  std::vector<std::string> entries() {
    std::vector<std::string> out;
    auto s = db_->prepare("SELECT entry FROM ledger_entries ORDER BY idx");
    while (s.step()) out.push_back(s.text(0));
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<LedgerFeed> feed_;
};

TEST_F(LedgerFeedTest, AppendsEachEvidenceRowOnceInOrder) {
  transition("a1b2:due:1", "due", 2000);
  transition("a1b2:firing:1", "firing", 3000);
  EXPECT_EQ(feed_->catch_up(), 2u);
  EXPECT_EQ(feed_->catch_up(), 0u) << "a second catch-up finds nothing new";
  transition("a1b2:resolved:1", "resolved", 4000);
  EXPECT_EQ(feed_->catch_up(), 1u);
  const auto e = entries();
  ASSERT_EQ(e.size(), 3u);
  for (std::size_t i = 0; i < e.size(); ++i) {
    const auto j = json::parse(e[i]);
    EXPECT_EQ(j["idx"], i);
    EXPECT_EQ(j["site"], "paris-1");
    EXPECT_EQ(j["kind"], "alert.state");
  }
  EXPECT_EQ(json::parse(e[1])["at"], 3000) << "the time is inside the hashed bytes";
  EXPECT_EQ(json::parse(e[2])["data"]["state"], "resolved");
}

int count_commit(void* commits) {
  ++*static_cast<int*>(commits);
  return 0;  // go on with the commit
}

TEST_F(LedgerFeedTest, ABacklogIsAppendedInRunsOfEntriesOneCommitARun) {
  for (int i = 1; i <= 70; ++i) transition("a1b2:due:" + std::to_string(i), "due", 1000 + i);
  int commits = 0;
  sqlite3_commit_hook(db_->handle(), count_commit, &commits);
  EXPECT_EQ(feed_->catch_up(), 70u);
  sqlite3_commit_hook(db_->handle(), nullptr, nullptr);
  // 32 + 32 + 6 entries: three commits, not seventy.
  EXPECT_EQ(commits, 3);
  const auto e = entries();
  ASSERT_EQ(e.size(), 70u);
  for (std::size_t i = 0; i < e.size(); ++i) EXPECT_EQ(json::parse(e[i])["idx"], i);
}

TEST_F(LedgerFeedTest, ARunThatFailsLeavesNoneOfItsEntriesAndTheNextCatchUpAppendsThem) {
  for (int i = 1; i <= 5; ++i) transition("a1b2:due:" + std::to_string(i), "due", 1000 + i);
  // The third entry's leaf cannot be written: its run is rolled back whole.
  db_->exec(
      "CREATE TRIGGER refuse_third BEFORE INSERT ON ledger_leaves WHEN NEW.idx = 2"
      " BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
  EXPECT_THROW(feed_->catch_up(), store::StoreError);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM ledger_entries"), 0);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM ledger_leaves"), 0);
  db_->exec("DROP TRIGGER refuse_third");
  EXPECT_EQ(feed_->catch_up(), 5u);
  EXPECT_EQ(entries().size(), 5u);
}

TEST_F(LedgerFeedTest, EntriesAreCanonicalPseudonymisedAndHashedAsStored) {
  transition("a1b2:due:1", "due", 2000);
  feed_->catch_up();
  const auto e = entries().at(0);
  EXPECT_EQ(e.find("4012"), std::string::npos) << e;
  EXPECT_NE(e.find("\"agent\":\"p-0f0f\""), std::string::npos) << e;
  EXPECT_NE(e.find("\"key\":\"pid:due:1\""), std::string::npos) << "the key's alert id too: " << e;
  EXPECT_NE(e.find("\"value\":\"362.5\""), std::string::npos) << "decimals kept as text: " << e;
  EXPECT_EQ(canonical_json(json::parse(e)), e) << "stored in canonical form";
  auto s = db_->prepare("SELECT hash FROM ledger_leaves WHERE idx = 0");
  ASSERT_TRUE(s.step());
  const auto stored = s.text(0);
  const auto expected = leaf_hash(e);
  EXPECT_EQ(stored, std::string(reinterpret_cast<const char*>(expected.data()), 32));
}

TEST_F(LedgerFeedTest, TheLedgerRefusesUpdatesAndDeletes) {
  transition("a1b2:due:1", "due", 2000);
  feed_->catch_up();
  EXPECT_THROW(db_->exec("UPDATE ledger_entries SET entry = 'x'"), store::StoreError);
  EXPECT_THROW(db_->exec("DELETE FROM ledger_entries"), store::StoreError);
  EXPECT_THROW(db_->exec("UPDATE ledger_leaves SET hash = zeroblob(32)"), store::StoreError);
  EXPECT_THROW(db_->exec("DELETE FROM ledger_leaves"), store::StoreError);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM ledger_entries"), 1);
}

TEST_F(LedgerFeedTest, NodeHistoryGapsAndLoadsAreLedgered) {
  db_->exec(
      "INSERT INTO node_history (node, what, epoch, kind, fw, state, ts, received_at) VALUES"
      " ('acd-1', 'birth', 'e1', 'acd-bridge', '1.0', NULL, 100, 101),"
      " ('acd-1', 'state', 'e1', NULL, NULL, 'online', 102, 103)");
  db_->exec(
      "INSERT INTO gaps (node, epoch, from_seq, to_seq, from_ts, to_ts, detected_at, status,"
      " closed_at) VALUES ('acd-1', 'e1', 5, 9, 50, 90, 200, 'open', NULL)");
  EXPECT_EQ(feed_->catch_up(), 3u);
  db_->exec("UPDATE gaps SET status = 'filled', closed_at = 300");
  EXPECT_EQ(feed_->catch_up(), 1u);
  EXPECT_TRUE(feed_->record_load("referentiel.loaded", 400, {{"name", "r"}, {"version", "1"}}));
  EXPECT_FALSE(feed_->record_load("referentiel.loaded", 500, {{"name", "r"}, {"version", "1"}}))
      << "the same référentiel again is not a change";
  EXPECT_TRUE(feed_->record_load("referentiel.loaded", 600, {{"name", "r"}, {"version", "2"}}));
  std::vector<std::string> kinds;
  for (const auto& e : entries()) kinds.push_back(json::parse(e)["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"node.birth", "node.state", "gap.opened", "gap.filled",
                                             "referentiel.loaded", "referentiel.loaded"}));
}

TEST_F(LedgerFeedTest, AGapIsFiledAtItsOwnEventTimesNotWhenTheGatewaySawIt) {
  // Detected and given up days later (wall time): the day it happened still lists it.
  db_->exec(
      "INSERT INTO gaps (node, epoch, from_seq, to_seq, from_ts, to_ts, detected_at, status,"
      " closed_at) VALUES ('acd-1', 'e1', 5, 9, 50, 90, 900000, 'lost', 990000)");
  EXPECT_EQ(feed_->catch_up(), 2u);
  EXPECT_EQ(db_->scalar("SELECT at FROM ledger_entries WHERE kind = 'gap.opened'"), 50);
  EXPECT_EQ(db_->scalar("SELECT at FROM ledger_entries WHERE kind = 'gap.lost'"), 90);
  const auto opened = json::parse(entries().front());
  EXPECT_EQ(opened["data"]["detected_at"], 900000) << "the wall time is kept beside";
}

TEST_F(LedgerFeedTest, CheckpointsAreSignedAndEachStaysAPrefixOfTheNext) {
  const auto key = SigningKey::load_or_create(dir_ / "evidence.key", "vigie/paris-1/gw-1");
  Checkpointer checkpointer(*db_, key, "vigie/paris-1/gw-1");
  EXPECT_FALSE(checkpointer.checkpoint(1).has_value()) << "nothing to sign in an empty ledger";
  std::vector<Checkpoint> signed_ones;
  const auto verifier = *Verifier::parse(key.verifier_key(), nullptr);
  for (int round = 0; round < 4; ++round) {
    transition("a1b2:due:" + std::to_string(round), "due", 2000 + round);
    transition("a1b2:firing:" + std::to_string(round), "firing", 3000 + round);
    feed_->catch_up();
    const auto note = checkpointer.checkpoint(10 + round);
    ASSERT_TRUE(note.has_value());
    EXPECT_EQ(checkpointer.checkpoint(20 + round), note) << "no new checkpoint without growth";
    const auto body = open_note(*note, verifier, nullptr);
    ASSERT_TRUE(body.has_value());
    signed_ones.push_back(*Checkpoint::parse(*body, nullptr));
  }
  store::LedgerRepository ledger(*db_);
  const auto leaves = ledger.leaf_hashes(ledger.size());
  const auto& last = signed_ones.back();
  EXPECT_EQ(last.size, leaves.size());
  EXPECT_EQ(last.root, tree_root(leaves));
  for (const auto& c : signed_ones)
    EXPECT_TRUE(
        verify_consistency(c.size, last.size, c.root, last.root, consistency_proof(leaves, c.size)))
        << "checkpoint of size " << c.size;
}

}  // namespace
}  // namespace vigie::evidence
