// Power cut at every write step of a workload that appends, releases and wraps
// around: after remounting, no corrupt record, no lost committed record.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "core/journal.hpp"
#include "fake_ports.hpp"

namespace vigie::fw {
namespace {

using testing::FakeFlash;
using TestJournal = Journal<FakeFlash, 8>;

constexpr std::uint64_t kEpoch = 0x0123456789abcdef;
constexpr std::uint32_t kPageSize = 1024;
constexpr std::uint32_t kPages = 5;
constexpr std::uint64_t kEvents = 160;

// The payload is a function of the seq and of the life (boot) that wrote it, so
// any record read back can be checked, and a seq reused after a torn write is
// written with different bytes.
std::string payload_for(std::uint64_t seq, int life) {
  std::string p = "life=" + std::to_string(life) + ";seq=" + std::to_string(seq) + ";";
  std::size_t size = 24 + (seq * 37) % 150;
  while (p.size() < size) p.push_back(static_cast<char>('A' + (seq * 7 + p.size()) % 26));
  return p;
}

struct Outcome {
  std::set<std::uint64_t> committed;  // append returned ok
  std::uint64_t released = 0;         // the highest release() made
  std::uint64_t attempted = 0;        // the seq being appended when the power went
  std::uint64_t second_life = ~0ull;  // seqs from here on were written after the restart
};

// Appends kEvents events; the gateway's acks trail behind and arrive in bursts.
Outcome run_workload(TestJournal& j, std::uint64_t first_seq, std::uint64_t count, int life) {
  Outcome out;
  for (std::uint64_t n = 0; n < count; ++n) {
    const std::uint64_t expected = j.next_seq();
    out.attempted = expected;
    std::string p = payload_for(expected, life);
    std::uint64_t seq = 0;
    if (j.append(p.data(), p.size(), seq) != TestJournal::AppendResult::ok) return out;
    EXPECT_EQ(seq, expected);
    out.committed.insert(seq);
    if (seq % 6 == 0 && seq > first_seq + 4) {
      out.released = seq - 4;
      j.release(out.released);
    }
  }
  out.attempted = 0;
  return out;
}

// Checks a remounted journal against what the workload saw before the cut, and
// returns the seqs it holds.
std::set<std::uint64_t> check_after_cut(TestJournal& j, const Outcome& before) {
  SCOPED_TRACE("attempted seq " + std::to_string(before.attempted));
  EXPECT_EQ(j.epoch(), kEpoch);
  std::set<std::uint64_t> present;
  std::uint64_t previous = 0;
  auto cursor = j.seek(1);
  TestJournal::Record record;
  while (j.next(cursor, record)) {
    EXPECT_GT(record.seq, previous) << "records out of order";
    previous = record.seq;
    std::string payload(reinterpret_cast<const char*>(record.payload), record.size);
    const int life = record.seq >= before.second_life ? 1 : 0;
    EXPECT_EQ(payload, payload_for(record.seq, life)) << "corrupt record " << record.seq;
    EXPECT_TRUE(before.committed.count(record.seq) || record.seq == before.attempted)
        << "a record that was never written: " << record.seq;
    present.insert(record.seq);
  }
  for (std::uint64_t seq : before.committed) {
    if (seq <= before.released) continue;  // released: may be gone
    EXPECT_TRUE(present.count(seq)) << "lost committed " << seq;
  }
  std::uint64_t last_committed = before.committed.empty() ? 0 : *before.committed.rbegin();
  EXPECT_GE(j.next_seq(), last_committed + 1);
  EXPECT_LE(j.next_seq(), std::max(last_committed, before.attempted) + 1);
  EXPECT_EQ(j.corrupt_records(), 0u);
  EXPECT_LE(j.released(), before.released) << "claims more released than was";
  return present;
}

class JournalPowerCut : public ::testing::TestWithParam<FakeFlash::Tear> {};

TEST_P(JournalPowerCut, EveryWriteStepLeavesAConsistentJournal) {
  // A dry run counts the write steps of the workload.
  std::uint64_t total_steps = 0;
  {
    FakeFlash flash(kPageSize, kPages);
    TestJournal j(flash);
    ASSERT_EQ(j.open(kEpoch), TestJournal::OpenResult::formatted);
    std::uint64_t start = flash.steps();
    Outcome o = run_workload(j, 1, kEvents, 0);
    ASSERT_EQ(o.committed.size(), kEvents) << "the workload must fit the ring";
    total_steps = flash.steps() - start;
    ASSERT_GT(total_steps, kEvents);  // page opens and erases besides appends
  }

  for (std::uint64_t cut = 0; cut <= total_steps; ++cut) {
    SCOPED_TRACE("cut before step " + std::to_string(cut));
    FakeFlash flash(kPageSize, kPages);
    Outcome before;
    {
      TestJournal j(flash);
      j.open(kEpoch);
      flash.arm_cut(cut, GetParam(), static_cast<std::uint32_t>(cut) + 1);
      before = run_workload(j, 1, kEvents, 0);
    }
    flash.power_on();
    {
      TestJournal j(flash);
      ASSERT_EQ(j.open(999), TestJournal::OpenResult::mounted);
      Outcome history = before;
      history.committed = check_after_cut(j, before);

      // Life goes on: more events, then another clean restart keeps them all.
      std::uint64_t resumed = j.next_seq();
      Outcome after = run_workload(j, resumed, 40, 1);
      ASSERT_EQ(after.committed.size(), 40u);
      TestJournal k(flash);
      ASSERT_EQ(k.open(999), TestJournal::OpenResult::mounted);
      EXPECT_EQ(k.next_seq(), resumed + 40);
      history.committed.insert(after.committed.begin(), after.committed.end());
      history.released = std::max(before.released, after.released);
      history.attempted = 0;
      history.second_life = resumed;
      check_after_cut(k, history);
    }
    EXPECT_EQ(flash.overwrites(), 0u);
    if (HasFatalFailure() || HasNonfatalFailure()) break;  // one report is enough
  }
}

TEST_P(JournalPowerCut, ACutWhileFormattingLeavesAUsableStore) {
  for (std::uint64_t cut = 0; cut <= kPages + 1; ++cut) {
    SCOPED_TRACE("cut before step " + std::to_string(cut));
    FakeFlash flash(kPageSize, kPages);
    {
      TestJournal j(flash);
      flash.arm_cut(cut, GetParam());
      j.open(kEpoch);
    }
    flash.power_on();
    TestJournal j(flash);
    ASSERT_NE(j.open(kEpoch), TestJournal::OpenResult::failed);
    EXPECT_EQ(j.epoch(), kEpoch);
    EXPECT_EQ(j.next_seq(), 1u);
    std::uint64_t seq = 0;
    EXPECT_EQ(j.append("x", 1, seq), TestJournal::AppendResult::ok);
  }
}

INSTANTIATE_TEST_SUITE_P(Tears, JournalPowerCut,
                         ::testing::Values(FakeFlash::Tear::none, FakeFlash::Tear::half,
                                           FakeFlash::Tear::all, FakeFlash::Tear::back_half,
                                           FakeFlash::Tear::scattered),
                         [](const ::testing::TestParamInfo<FakeFlash::Tear>& info) {
                           switch (info.param) {
                             case FakeFlash::Tear::none:
                               return "NothingWritten";
                             case FakeFlash::Tear::half:
                               return "HalfWritten";
                             case FakeFlash::Tear::all:
                               return "WrittenButUnconfirmed";
                             case FakeFlash::Tear::back_half:
                               return "SecondHalfWritten";
                             case FakeFlash::Tear::scattered:
                               return "ScatteredBits";
                           }
                           return "Unknown";
                         });

}  // namespace
}  // namespace vigie::fw
