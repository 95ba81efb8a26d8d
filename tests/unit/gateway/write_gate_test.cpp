// The store's write gate: this process's writers of one file queue on it, so that one
// never meets another's lock in SQLite's busy handler (which sleeps 1 ms and more).
#include "store/write_gate.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "store/database.hpp"

namespace {

using vigie::store::Database;
using vigie::store::Transaction;

class WriteGate : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-write-gate-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Database db(file(), {});
    db.exec("CREATE TABLE t (v INTEGER)");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path file() const { return dir_ / "store.db"; }

  std::filesystem::path dir_;
};

// Counts the times SQLite found the file locked by another connection, then waits 1 ms.
int count_busy(void* calls, int) {
  ++*static_cast<std::atomic<int>*>(calls);
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 1;
}

TEST_F(WriteGate, ConnectionsToOneFileShareOneGateAndOtherFilesHaveTheirOwn) {
  Database a(file(), {});
  Database b(dir_ / "." / "store.db", {});  // the same file, named otherwise
  Database other(dir_ / "other.db", {});
  Database memory(":memory:", {});
  Database memory2(":memory:", {});
  EXPECT_EQ(&a.write_gate(), &b.write_gate());
  EXPECT_NE(&a.write_gate(), &other.write_gate());
  EXPECT_NE(&memory.write_gate(), &memory2.write_gate());
}

TEST_F(WriteGate, ASecondWriterWaitsForTheFirstsCommitNotInSqlitesBusyHandler) {
  Database first(file(), {});
  Database second(file(), {});
  std::atomic<int> busy{0};
  sqlite3_busy_handler(second.handle(), count_busy, &busy);

  auto tx = std::make_unique<Transaction>(first);
  first.exec("INSERT INTO t VALUES (1)");
  std::atomic<bool> began{false};
  auto writer = std::async(std::launch::async, [&] {
    Transaction tx2(second);
    began = true;
    second.exec("INSERT INTO t VALUES (2)");
    tx2.commit();
  });
  // While the first holds its transaction, the second has not begun: it waits at the gate.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(began.load());
  tx->commit();
  writer.get();
  EXPECT_TRUE(began.load());
  // Without the gate, the second's BEGIN IMMEDIATE meets the first's lock and SQLite
  // calls its busy handler every millisecond of those 50.
  EXPECT_EQ(busy.load(), 0);
  EXPECT_EQ(first.scalar("SELECT count(*) FROM t"), 2);
}

// Whether another thread can take the gate now (and give it back).
bool gate_is_free(Database& db) {
  return std::async(std::launch::async,
                    [&] {
                      if (!db.write_gate().try_lock()) return false;
                      db.write_gate().unlock();
                      return true;
                    })
      .get();
}

TEST_F(WriteGate, ARolledBackTransactionOpensTheGateToo) {
  Database first(file(), {});
  {
    Transaction tx(first);
    first.exec("INSERT INTO t VALUES (1)");
    EXPECT_FALSE(gate_is_free(first));
  }  // not committed: rolled back
  EXPECT_TRUE(gate_is_free(first));
  EXPECT_EQ(first.scalar("SELECT count(*) FROM t"), 0);
}

TEST_F(WriteGate, ATransactionThatCannotBeginOpensTheGate) {
  Database db(file(), {});
  db.exec("BEGIN");  // a transaction within a transaction is refused
  EXPECT_THROW(Transaction tx(db), vigie::store::StoreError);
  db.exec("ROLLBACK");
  EXPECT_TRUE(gate_is_free(db));
}

TEST_F(WriteGate, ACommittedTransactionOpensTheGateBeforeItEnds) {
  Database db(file(), {});
  Transaction tx(db);
  db.exec("INSERT INTO t VALUES (1)");
  tx.commit();
  EXPECT_TRUE(gate_is_free(db));
}

}  // namespace
