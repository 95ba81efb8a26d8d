// The read position and the journal, through crashes: events are recorded,
// the journal synced, then the checkpoint written. A node stopped between any
// two of these steps, at any point of a file, records each line's events
// exactly once over its restarts.
#include "source_pump.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "asterisk_source.hpp"
#include "core/event_record.hpp"
#include "core/node_session.hpp"
#include "fake_ports.hpp"
#include "source_test_support.hpp"

namespace vigie::sources::testing {
namespace {

using fw::testing::FakeClock;
using fw::testing::FakeFlash;
using fw::testing::FakeIndicator;
using fw::testing::FakeTransport;

struct TestPorts {
  using Clock = FakeClock;
  using Transport = FakeTransport;
  using Flash = FakeFlash;
  using Indicator = FakeIndicator;
  static constexpr std::size_t kJournalPages = 16;
  static constexpr std::size_t kBatchBytes = 64 * 1024;
};
using Session = fw::NodeSession<TestPorts>;
using Journal = Session::JournalType;

// One run of the node until it is stopped: journal mounted on the same flash,
// a new source and pump, as a restarted process would have.
struct NodeRun {
  NodeRun(FakeFlash& flash, const std::string& queue_log, const std::string& position,
          std::FILE* log)
      : journal(flash), roster("sav-1") {
    EXPECT_NE(journal.open(0x9f2c41d07a3be810), Journal::OpenResult::failed);
    fw::NodeIdentity id;
    EXPECT_TRUE(fw::make_identity("paris-1", "acd-1", fw::NodeKind::acd_bridge, "1.0.0", id));
    session =
        std::make_unique<Session>(clock, transport, indicator, journal, id, fw::SessionConfig{});
    AsteriskOptions o;
    o.path = queue_log;
    o.since = 0;  // send every row
    o.rules.idle_logout_ms = 0;
    source = std::make_unique<AsteriskQueueLogSource>(o, roster, reasons, log);
    pump = std::make_unique<posix::SourcePump<Session>>(*source, *session, journal, position, true,
                                                        log);
    std::string error;
    EXPECT_TRUE(pump->start(error)) << error;
  }
  // Reads and records what the file holds now.
  void record() {
    for (int i = 0; i < 5; ++i) pump->drain(clock.now_ms());
  }
  void sync_and_commit() {
    journal.sync();
    pump->commit(clock.now_ms(), true);
  }

  FakeClock clock;
  FakeTransport transport;
  FakeIndicator indicator;
  Journal journal;
  AgentRoster roster;
  PauseReasons reasons;
  std::unique_ptr<Session> session;
  std::unique_ptr<AsteriskQueueLogSource> source;
  std::unique_ptr<posix::SourcePump<Session>> pump;
};

class PumpCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-pump-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    log_ = open_memstream(&log_text_, &log_size_);
  }
  void TearDown() override {
    std::fclose(log_);
    std::free(log_text_);
    std::filesystem::remove_all(dir_);
  }
  // Line i: agent 2001 alternately paused and unpaused, one event each.
  static std::string line(int i) {
    return std::to_string(kDay + i) + "|NONE|q1|SIP/2001|" + (i % 2 ? "UNPAUSE|" : "PAUSE|") + "\n";
  }
  void append_lines(int from, int to) {
    std::ofstream out(dir_ / "queue_log", std::ios::app);
    for (int i = from; i < to; ++i) out << line(i);
  }
  // Every record's ts, in seq order.
  static std::vector<std::int64_t> recorded(Journal& journal) {
    std::vector<std::int64_t> ts;
    auto cursor = journal.seek(1);
    Journal::Record record;
    fw::Event e;
    while (journal.next(cursor, record))
      if (fw::decode_event_record(record.payload, record.size, e)) ts.push_back(e.ts);
    return ts;
  }

  std::filesystem::path dir_;
  std::FILE* log_ = nullptr;
  char* log_text_ = nullptr;
  std::size_t log_size_ = 0;
};

TEST_F(PumpCrash, StoppedBetweenEachStepEveryLineIsRecordedOnce) {
  // The node is stopped after `step` of each round: 0 after recording (journal
  // written, not synced, no checkpoint), 1 after the sync, 2 after the checkpoint.
  for (int step = 0; step < 3; ++step) {
    SCOPED_TRACE("stopped after step " + std::to_string(step));
    std::filesystem::remove_all(dir_ / "queue_log");
    std::filesystem::remove_all(dir_ / "position");
    FakeFlash flash(4096, 16);
    const std::string queue_log = (dir_ / "queue_log").string();
    const std::string position = (dir_ / "position").string();
    int written = 0;
    for (int round = 0; round < 6; ++round) {
      NodeRun run(flash, queue_log, position, log_);
      run.record();  // what an earlier round left unrecorded, or made again
      // A first start keeps its position at once (vigie-node's first turn does).
      if (round == 0) run.sync_and_commit();
      append_lines(written, written + 7);
      written += 7;
      run.record();
      if (step >= 1) run.journal.sync();
      if (step >= 2) run.pump->commit(run.clock.now_ms(), true);
    }
    NodeRun last(flash, queue_log, position, log_);
    last.record();
    last.sync_and_commit();
    std::vector<std::int64_t> expected;
    for (int i = 0; i < written; ++i) expected.push_back((kDay + i) * 1000);
    EXPECT_EQ(recorded(last.journal), expected);
  }
}

TEST_F(PumpCrash, EventsRecordedAfterTheCheckpointAreNotRecordedAgain) {
  FakeFlash flash(4096, 16);
  const std::string queue_log = (dir_ / "queue_log").string();
  const std::string position = (dir_ / "position").string();
  append_lines(0, 10);
  {
    NodeRun run(flash, queue_log, position, log_);
    run.record();
    run.sync_and_commit();
    append_lines(10, 25);
    run.record();
    run.journal.sync();  // and stopped before the checkpoint
  }
  NodeRun run(flash, queue_log, position, log_);
  run.record();
  EXPECT_EQ(run.pump->recovered(), 15u);
  EXPECT_EQ(run.pump->recorded(), 0u);
  append_lines(25, 27);
  run.record();
  EXPECT_EQ(run.pump->recorded(), 2u);
  EXPECT_EQ(recorded(run.journal).size(), 27u);
  std::fflush(log_);
  EXPECT_NE(std::string(log_text_, log_size_).find("not recorded again"), std::string::npos);
}

TEST_F(PumpCrash, ADamagedCheckpointStopsTheStartWithItsName) {
  FakeFlash flash(4096, 16);
  std::ofstream(dir_ / "position") << "{\"v\":1,\"epoch\":";
  Journal journal(flash);
  ASSERT_NE(journal.open(1), Journal::OpenResult::failed);
  FakeClock clock;
  FakeTransport transport;
  FakeIndicator indicator;
  fw::NodeIdentity id;
  ASSERT_TRUE(fw::make_identity("paris-1", "acd-1", fw::NodeKind::acd_bridge, "1.0.0", id));
  Session session(clock, transport, indicator, journal, id, fw::SessionConfig{});
  AgentRoster roster("sav-1");
  PauseReasons reasons;
  AsteriskOptions o;
  o.path = (dir_ / "queue_log").string();
  AsteriskQueueLogSource source(o, roster, reasons, log_);
  posix::SourcePump<Session> pump(source, session, journal, (dir_ / "position").string(), true,
                                  log_);
  std::string error;
  EXPECT_FALSE(pump.start(error));
  EXPECT_NE(error.find("position"), std::string::npos) << error;
}

}  // namespace
}  // namespace vigie::sources::testing
