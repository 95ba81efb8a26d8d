// The outbox against a real SQLite file: each fact queued in the transaction
// that stores it (a fact rolled back leaves no row, an outbox row refused leaves
// no fact), in order, once enabled and only then, with the history before it;
// what a batch reads and what its central rows carry (pseudonyms only).
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "api/pseudonymiser.hpp"
#include "central/shipment.hpp"
#include "evidence/ledger_feed.hpp"
#include "store/alert_repository.hpp"
#include "store/ingest_repository.hpp"
#include "store/ledger_repository.hpp"
#include "store/outbox_repository.hpp"
#include "store/schema.hpp"

namespace vigie {
namespace {

using nlohmann::json;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-outbox-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = std::make_unique<store::Database>(dir_ / "vigie.db", store::OpenOptions{});
    store::migrate(*db_);
    outbox_ = std::make_unique<store::OutboxRepository>(*db_);
  }
  void TearDown() override {
    outbox_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // An agent alert's transition, with the agent's id in its subject, id and summary.
  bool transition(const std::string& key, const std::string& state, std::int64_t at) {
    store::AlertRepository alerts(*db_);
    const json alert{{"id", "a-4012-brk"},
                     {"criterion", "BRK-01"},
                     {"severity", "major"},
                     {"subject", {{"agent", "4012"}}},
                     {"state", state},
                     {"started_at", 1000},
                     {"summary", "agent.4012: pause due"}};
    return alerts.record({key, "a-4012-brk", "state", std::nullopt, state, at, "BRK-01", "agent",
                          "4012", "major", 1000, alert.dump()},
                         at);
  }
  void birth(const std::string& node, std::int64_t ts) {
    store::IngestRepository ingest(*db_);
    store::Transaction tx(*db_);
    ingest.apply_birth({node, "e1", NodeKind::acd_bridge, "1.0", ts}, ts);
    tx.commit();
  }
  std::int64_t open_gap(std::int64_t detected_at) {
    store::IngestRepository ingest(*db_);
    store::Transaction tx(*db_);
    const auto id =
        ingest.open_gap({0, "acd-1", "e1", 5, 9, 100, 200, detected_at, std::nullopt, "open"});
    tx.commit();
    return id;
  }
  void close_gap(std::int64_t id, const std::string& status) {
    store::IngestRepository ingest(*db_);
    store::Transaction tx(*db_);
    ingest.close_gap(id, status, 300);
    tx.commit();
  }
  void checkpoint(std::int64_t size) {
    store::LedgerRepository ledger(*db_);
    store::Transaction tx(*db_);
    ledger.add_checkpoint({size, {}, "vigie/paris-1/gw\n" + std::to_string(size) + "\n", size});
    tx.commit();
  }
  void agent_day(const std::string& pseudonym) {
    evidence::LedgerFeed feed(*db_, {"paris-1", nullptr, nullptr});
    feed.append("day_summary:2026-11-30",
                static_cast<std::int64_t>(std::hash<std::string>{}(pseudonym) >> 8), "agent.day",
                1796079599999,
                {{"agent", pseudonym},
                 {"date", "2026-11-30"},
                 {"work_ms", 3600000},
                 {"pause_ms", 600000},
                 {"off_ms", 0},
                 {"longest_work_ms", 3000000},
                 {"criteria", {{"BRK-01", "held"}}}});
  }
  std::vector<std::string> sources() {
    std::vector<std::string> out;
    auto s = db_->prepare("SELECT source || ':' || source_id FROM outbox ORDER BY id");
    while (s.step()) out.push_back(s.text(0));
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::OutboxRepository> outbox_;
};

TEST_F(OutboxTest, NothingIsQueuedUntilACentralEnablesIt) {
  EXPECT_FALSE(outbox_->enabled());
  ASSERT_TRUE(transition("k1", "firing", 1000));
  birth("acd-1", 1000);
  open_gap(1000);
  checkpoint(1);
  EXPECT_TRUE(sources().empty()) << "a site without a central queues nothing";
}

TEST_F(OutboxTest, EnablingQueuesTheHistoryOnceThenEachFactAsItIsStored) {
  ASSERT_TRUE(transition("k1", "pending", 1000));
  birth("acd-1", 1000);
  outbox_->enable();
  outbox_->enable();  // a restart with the central still configured: no second copy
  EXPECT_EQ(sources(), (std::vector<std::string>{"alert_transition:1", "node_history:1"}));

  ASSERT_TRUE(transition("k2", "firing", 2000));
  ASSERT_FALSE(transition("k2", "firing", 2000)) << "the same transition again";
  birth("acd-2", 2000);
  const auto gap = open_gap(2000);
  close_gap(gap, "filled");
  checkpoint(4);
  agent_day("p-00aa");
  const auto idx = db_->scalar("SELECT max(idx) FROM ledger_entries");
  EXPECT_EQ(sources(),
            (std::vector<std::string>{"alert_transition:1", "node_history:1", "alert_transition:2",
                                      "node_history:2", "gap:1", "gap:1", "checkpoint:1",
                                      "agent_day:" + std::to_string(idx)}))
      << "one row per fact, in the order stored; the transition recorded twice, once";
}

TEST_F(OutboxTest, AFactRolledBackLeavesNoOutboxRow) {
  outbox_->enable();
  {
    store::IngestRepository ingest(*db_);
    store::Transaction tx(*db_);
    ingest.apply_birth({"acd-1", "e1", NodeKind::acd_bridge, "1.0", 1000}, 1000);
    ingest.open_gap({0, "acd-1", "e1", 5, 9, 100, 200, 1000, std::nullopt, "open"});
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM outbox"), 2) << "queued inside the transaction";
    // No commit: the ingest transaction fails and rolls back.
  }
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM node_history"), 0);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM gaps"), 0);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM outbox"), 0);
}

TEST_F(OutboxTest, AnOutboxRowTheStoreRefusesLeavesNoFactEither) {
  outbox_->enable();
  // The outbox insert fails (as a full disk would fail it): the fact's commit fails with it.
  db_->exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); "
      "END");
  EXPECT_THROW(transition("k1", "firing", 1000), store::StoreError);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM alert_transitions"), 0);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM alerts"), 0);
  db_->exec("DROP TRIGGER refuse");
  ASSERT_TRUE(transition("k1", "firing", 1000)) << "stored once the store takes it";
  EXPECT_EQ(sources(), std::vector<std::string>{"alert_transition:1"});
}

TEST_F(OutboxTest, BatchesComeInOrderAndOnlyShippedRowsAreRemoved) {
  outbox_->enable();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(transition("k" + std::to_string(i), "firing", 1000 + i));
  const auto first = outbox_->next(3);
  EXPECT_EQ(first.rows, 3u);
  ASSERT_EQ(first.transitions.size(), 3u);
  EXPECT_EQ(first.transitions[0].key, "k0");
  EXPECT_EQ(first.transitions[2].key, "k2");
  // A fact stored while the batch is on its way stays queued behind it.
  ASSERT_TRUE(transition("k5", "firing", 2000));
  outbox_->remove_through(first.last_id);
  EXPECT_EQ(outbox_->depth().rows, 3);
  const auto second = outbox_->next(10);
  ASSERT_EQ(second.transitions.size(), 3u);
  EXPECT_EQ(second.transitions[0].key, "k3");
  EXPECT_EQ(second.transitions[2].key, "k5");
  EXPECT_GT(second.first_id, first.last_id);
  outbox_->remove_through(second.last_id);
  EXPECT_EQ(outbox_->depth().rows, 0);
  EXPECT_FALSE(outbox_->depth().oldest);
  EXPECT_EQ(outbox_->next(10).rows, 0u);
}

TEST_F(OutboxTest, AGapOpenedAndClosedIsReadOnceAsItNowStands) {
  outbox_->enable();
  const auto gap = open_gap(1000);
  close_gap(gap, "lost");
  const auto b = outbox_->next(10);
  EXPECT_EQ(b.rows, 2u);
  ASSERT_EQ(b.gaps.size(), 1u);
  EXPECT_EQ(b.gaps[0].status, "lost");
  EXPECT_EQ(b.gaps[0].closed_at, 300);
}

TEST_F(OutboxTest, DisablingEmptiesTheOutboxAndEnablingAgainQueuesEverything) {
  outbox_->enable();
  ASSERT_TRUE(transition("k1", "firing", 1000));
  outbox_->disable();
  EXPECT_EQ(outbox_->depth().rows, 0);
  ASSERT_TRUE(transition("k2", "firing", 1000));
  EXPECT_EQ(outbox_->depth().rows, 0) << "nothing queued while no central is configured";
  outbox_->enable();
  EXPECT_EQ(sources(), (std::vector<std::string>{"alert_transition:1", "alert_transition:2"}));
}

// A gateway without a central starts on a store that refuses writes (a full disk): making
// sure nothing is queued then writes nothing.
TEST_F(OutboxTest, DisablingAnOutboxAlreadyOffWritesNothing) {
  db_->exec("PRAGMA query_only = 1");
  EXPECT_NO_THROW(outbox_->disable());
  db_->exec("PRAGMA query_only = 0");
  outbox_->enable();
  db_->exec("PRAGMA query_only = 1");
  EXPECT_NO_THROW(outbox_->enable()) << "already on: nothing to write either";
  EXPECT_THROW(outbox_->disable(), store::StoreError) << "on: turning it off must write";
  db_->exec("PRAGMA query_only = 0");
  EXPECT_TRUE(outbox_->enabled());
}

TEST_F(OutboxTest, ARowWhoseSourceIsGoneIsNamed) {
  outbox_->enable();
  ASSERT_TRUE(transition("k1", "firing", 1000));
  db_->exec("INSERT INTO outbox (source, source_id, created_at) VALUES ('gap', 42, 0)");
  const auto b = outbox_->next(10);
  EXPECT_EQ(b.missing, std::vector<std::string>{"gap #42"});
}

TEST_F(OutboxTest, CentralRowsCarryPseudonymsOnly) {
  outbox_->enable();
  ASSERT_TRUE(transition("a-4012-brk:firing:1000", "firing", 1000));
  birth("acd-1", 1000);
  agent_day("p-00aa");
  checkpoint(3);
  const api::Pseudonymiser pseudonyms(
      [](const std::string& id) { return "p-" + id.substr(0, 1) + "x"; });
  const auto rows =
      central::central_rows(outbox_->next(10), [&](json a) { return pseudonyms.alert(a); });
  ASSERT_EQ(rows.alert_transitions.size(), 1u);
  const auto& t = rows.alert_transitions[0];
  EXPECT_EQ(t["subject_kind"], "agent");
  EXPECT_EQ(t["subject_id"], "p-4x");
  EXPECT_EQ(t["alert_id"], "p-ax");
  EXPECT_EQ(t["key"], "p-ax:firing:1000") << "the key's alert id pseudonymised with it";
  EXPECT_EQ(t["criterion"], "BRK-01");
  EXPECT_EQ(t["started_at"], 1000);
  EXPECT_EQ(rows.node_history.size(), 1u);
  ASSERT_EQ(rows.agent_days.size(), 1u);
  EXPECT_EQ(rows.agent_days[0]["agent"], "p-00aa");
  EXPECT_EQ(rows.agent_days[0]["day"], "2026-11-30");
  ASSERT_EQ(rows.checkpoints.size(), 1u);
  EXPECT_EQ(rows.checkpoints[0]["root"], std::string(64, '0'));
  const std::string all = rows.alert_transitions.dump() + rows.node_history.dump() +
                          rows.gaps.dump() + rows.agent_days.dump() + rows.checkpoints.dump();
  EXPECT_EQ(all.find("4012"), std::string::npos) << all;
}

}  // namespace
}  // namespace vigie
