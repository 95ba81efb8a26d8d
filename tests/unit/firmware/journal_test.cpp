// Journal behaviour on a healthy flash: order, seek, release, wrap-around,
// persistence of epoch and seq, and refusal of what it cannot hold.
#include "core/journal.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_ports.hpp"

namespace vigie::fw {
namespace {

using testing::FakeFlash;
using TestJournal = Journal<FakeFlash, 16>;

constexpr std::uint64_t kEpoch = 0x9f2c41d07a3be810;

std::string payload_for(std::uint64_t seq, std::size_t size = 40) {
  std::string p = "event-" + std::to_string(seq) + ":";
  while (p.size() < size) p.push_back(static_cast<char>('a' + (seq + p.size()) % 26));
  return p;
}

std::uint64_t append(TestJournal& j, const std::string& payload) {
  std::uint64_t seq = 0;
  EXPECT_EQ(j.append(payload.data(), payload.size(), seq), TestJournal::AppendResult::ok);
  return seq;
}

std::vector<std::pair<std::uint64_t, std::string>> read_from(TestJournal& j, std::uint64_t seq) {
  std::vector<std::pair<std::uint64_t, std::string>> out;
  auto cursor = j.seek(seq);
  TestJournal::Record record;
  while (j.next(cursor, record))
    out.emplace_back(record.seq,
                     std::string(reinterpret_cast<const char*>(record.payload), record.size));
  return out;
}

TEST(Journal, FormatsABlankStoreWithTheGivenEpochStartingAtSeqOne) {
  FakeFlash flash(1024, 8);
  TestJournal j(flash);
  ASSERT_EQ(j.open(kEpoch), TestJournal::OpenResult::formatted);
  EXPECT_EQ(j.epoch(), kEpoch);
  EXPECT_EQ(j.next_seq(), 1u);
  EXPECT_EQ(j.released(), 0u);
  EXPECT_TRUE(read_from(j, 1).empty());
}

TEST(Journal, ReadsBackAppendedRecordsInSeqOrder) {
  FakeFlash flash(1024, 8);
  TestJournal j(flash);
  j.open(kEpoch);
  for (std::uint64_t i = 1; i <= 50; ++i) EXPECT_EQ(append(j, payload_for(i, 10 + i % 60)), i);
  auto records = read_from(j, 1);
  ASSERT_EQ(records.size(), 50u);
  for (std::uint64_t i = 1; i <= 50; ++i) {
    EXPECT_EQ(records[i - 1].first, i);
    EXPECT_EQ(records[i - 1].second, payload_for(i, 10 + i % 60));
  }
  EXPECT_EQ(flash.overwrites(), 0u);
}

TEST(Journal, SeekStartsAtTheRequestedSeqEvenInALaterPage) {
  FakeFlash flash(1024, 8);
  TestJournal j(flash);
  j.open(kEpoch);
  for (std::uint64_t i = 1; i <= 60; ++i) append(j, payload_for(i));
  auto records = read_from(j, 37);
  ASSERT_EQ(records.size(), 24u);
  EXPECT_EQ(records.front().first, 37u);
  EXPECT_EQ(records.back().first, 60u);
  EXPECT_TRUE(read_from(j, 61).empty());
}

TEST(Journal, EpochRecordsAndNextSeqSurviveARemount) {
  FakeFlash flash(1024, 8);
  {
    TestJournal j(flash);
    j.open(kEpoch);
    for (std::uint64_t i = 1; i <= 30; ++i) append(j, payload_for(i));
  }
  TestJournal j(flash);
  ASSERT_EQ(j.open(1234), TestJournal::OpenResult::mounted);
  EXPECT_EQ(j.epoch(), kEpoch);
  EXPECT_EQ(j.next_seq(), 31u);
  EXPECT_EQ(read_from(j, 1).size(), 30u);
  EXPECT_EQ(append(j, payload_for(31)), 31u);
}

TEST(Journal, NextSeqSurvivesARemountAfterEverythingWasReleased) {
  FakeFlash flash(1024, 8);
  {
    TestJournal j(flash);
    j.open(kEpoch);
    for (std::uint64_t i = 1; i <= 100; ++i) append(j, payload_for(i));
    j.release(100);
    EXPECT_EQ(j.pages_in_use(), 1u);
  }
  TestJournal j(flash);
  ASSERT_EQ(j.open(1234), TestJournal::OpenResult::mounted);
  EXPECT_EQ(j.epoch(), kEpoch);
  EXPECT_EQ(j.next_seq(), 101u);
  EXPECT_EQ(append(j, payload_for(101)), 101u);
}

TEST(Journal, TheReleasedPointSurvivesARemount) {
  FakeFlash flash(1024, 8);
  {
    TestJournal j(flash);
    j.open(kEpoch);
    for (std::uint64_t i = 1; i <= 30; ++i) append(j, payload_for(i));
    j.release(17);
  }
  TestJournal j(flash);
  ASSERT_EQ(j.open(1), TestJournal::OpenResult::mounted);
  EXPECT_EQ(j.released(), 17u);
  EXPECT_EQ(j.next_seq(), 31u);
  auto records = read_from(j, j.oldest_seq());  // marks are not records
  ASSERT_FALSE(records.empty());
  EXPECT_LE(records.front().first, 18u);
  EXPECT_EQ(records.back().first, 30u);
  for (std::size_t i = 1; i < records.size(); ++i)
    EXPECT_EQ(records[i].first, records[i - 1].first + 1);
}

TEST(Journal, ReleaseOnAFullJournalKeepsEveryRecord) {
  FakeFlash flash(1024, 4);
  TestJournal j(flash);
  j.open(kEpoch);
  std::string p = payload_for(0, 200);
  std::uint64_t seq = 0, stored = 0;
  while (j.append(p.data(), p.size(), seq) == TestJournal::AppendResult::ok) ++stored;
  j.release(1);  // frees no page, and the full ring has no room for a mark
  EXPECT_EQ(j.released(), 1u);
  EXPECT_EQ(read_from(j, 1).size(), stored);
}

TEST(Journal, ReleaseFreesOnlyPagesWhoseRecordsAreAllReleased) {
  FakeFlash flash(1024, 8);
  TestJournal j(flash);
  j.open(kEpoch);
  for (std::uint64_t i = 1; i <= 60; ++i) append(j, payload_for(i));
  const std::size_t before = j.pages_in_use();
  ASSERT_GT(before, 3u);
  j.release(1);  // a page holds more than one record: nothing to free yet
  EXPECT_EQ(j.pages_in_use(), before);
  EXPECT_EQ(j.oldest_seq(), 1u);
  j.release(30);
  EXPECT_LT(j.pages_in_use(), before);
  EXPECT_LE(j.oldest_seq(), 31u);  // the page holding 31 is kept whole
  auto records = read_from(j, 31);
  ASSERT_EQ(records.size(), 30u);
  EXPECT_EQ(records.front().first, 31u);
}

TEST(Journal, WrapsAroundTheRingManyTimesWhileReleased) {
  FakeFlash flash(1024, 4);
  TestJournal j(flash);
  j.open(kEpoch);
  std::uint64_t acked = 0;
  for (std::uint64_t i = 1; i <= 2000; ++i) {
    ASSERT_EQ(append(j, payload_for(i, 20 + i % 90)), i);
    if (i % 5 == 0) {
      // The gateway acks in bursts, a few events behind.
      acked = i - 3;
      j.release(acked);
    }
  }
  EXPECT_GT(flash.erases(), 4u * 20);  // every page reused many times
  auto records = read_from(j, acked + 1);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].second, payload_for(1998, 20 + 1998 % 90));
  EXPECT_EQ(flash.overwrites(), 0u);

  TestJournal again(flash);
  ASSERT_EQ(again.open(1), TestJournal::OpenResult::mounted);
  EXPECT_EQ(again.next_seq(), 2001u);
  EXPECT_LE(again.oldest_seq(), acked + 1);
  EXPECT_EQ(read_from(again, acked + 1).size(), 3u);
}

TEST(Journal, RefusesAppendsWhenFullOfUnreleasedRecordsAndResumesAfterRelease) {
  FakeFlash flash(1024, 4);
  TestJournal j(flash);
  j.open(kEpoch);
  std::string p = payload_for(0, 200);
  std::uint64_t seq = 0;
  std::uint64_t stored = 0;
  while (j.append(p.data(), p.size(), seq) == TestJournal::AppendResult::ok) ++stored;
  EXPECT_EQ(j.append(p.data(), p.size(), seq), TestJournal::AppendResult::full);
  EXPECT_EQ(read_from(j, 1).size(), stored);  // nothing overwritten
  j.release(stored / 2);
  EXPECT_EQ(j.append(p.data(), p.size(), seq), TestJournal::AppendResult::ok);
  EXPECT_EQ(seq, stored + 1);
}

TEST(Journal, RefusesAPayloadLargerThanARecordCanHold) {
  FakeFlash flash(1024, 4);
  TestJournal j(flash);
  j.open(kEpoch);
  std::string p(TestJournal::kMaxPayload + 1, 'x');
  std::uint64_t seq = 0;
  EXPECT_EQ(j.append(p.data(), p.size(), seq), TestJournal::AppendResult::too_large);
  p.pop_back();
  EXPECT_EQ(j.append(p.data(), p.size(), seq), TestJournal::AppendResult::ok);
}

TEST(Journal, ReleaseBeyondTheLastSeqIsClamped) {
  FakeFlash flash(1024, 4);
  TestJournal j(flash);
  j.open(kEpoch);
  append(j, payload_for(1));
  j.release(1000);
  EXPECT_EQ(j.released(), 1u);
  EXPECT_EQ(append(j, payload_for(2)), 2u);
  EXPECT_EQ(read_from(j, 2).size(), 1u);
}

TEST(Journal, ATornLastRecordIsIgnoredAtMountAndItsSeqIsReused) {
  FakeFlash flash(1024, 4);
  {
    TestJournal j(flash);
    j.open(kEpoch);
    for (std::uint64_t i = 1; i <= 5; ++i) append(j, payload_for(i));
  }
  // Damage the payload of record 5 as a power cut during its write would.
  auto& mem = flash.memory();
  std::size_t last = 32 + 4 * journal_layout::record_span(40);
  mem[last + 20] &= 0x0F;
  TestJournal j(flash);
  ASSERT_EQ(j.open(1), TestJournal::OpenResult::mounted);
  EXPECT_EQ(j.next_seq(), 5u);
  auto records = read_from(j, 1);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records.back().first, 4u);
  // The damaged page is sealed: the next record goes to a fresh page, intact.
  EXPECT_EQ(append(j, payload_for(5)), 5u);
  EXPECT_EQ(read_from(j, 5).at(0).second, payload_for(5));
  EXPECT_EQ(flash.overwrites(), 0u);
}

TEST(Journal, ARecordThatDecaysAfterWritingIsSkippedOnReadAndCounted) {
  FakeFlash flash(1024, 8);
  TestJournal j(flash);
  j.open(kEpoch);
  for (std::uint64_t i = 1; i <= 40; ++i) append(j, payload_for(i));
  flash.memory()[32 + 16 + 3] ^= 0x01;  // a bit flips in record 1's payload
  auto records = read_from(j, 1);
  EXPECT_EQ(j.corrupt_records(), 1u);
  ASSERT_FALSE(records.empty());
  for (auto& [seq, payload] : records) EXPECT_EQ(payload, payload_for(seq));
  EXPECT_EQ(records.back().first, 40u);
}

TEST(Journal, AReadTheFlashRefusesStopsTheCursorWithoutSkipping) {
  FakeFlash flash(1024, 4);
  TestJournal j(flash);
  j.open(kEpoch);
  for (std::uint64_t i = 1; i <= 5; ++i) append(j, payload_for(i));
  auto cursor = j.seek(2);
  TestJournal::Record record;
  flash.set_failing(true);
  EXPECT_FALSE(j.next(cursor, record));
  EXPECT_TRUE(cursor.failed);
  flash.set_failing(false);
  cursor.failed = false;
  ASSERT_TRUE(j.next(cursor, record));
  EXPECT_EQ(record.seq, 2u);  // nothing was skipped
  EXPECT_EQ(j.corrupt_records(), 0u);
}

TEST(Journal, AStoreOfGarbageIsFormattedNotTrusted) {
  FakeFlash flash(1024, 4);
  std::mt19937 rng(7);
  for (auto& byte : flash.memory()) byte = static_cast<std::uint8_t>(rng());
  TestJournal j(flash);
  ASSERT_EQ(j.open(kEpoch), TestJournal::OpenResult::formatted);
  EXPECT_EQ(j.next_seq(), 1u);
  EXPECT_EQ(append(j, payload_for(1)), 1u);
}

TEST(Journal, RefusesAGeometryItCannotUse) {
  FakeFlash small_pages(512, 8);
  Journal<FakeFlash, 16> a(small_pages);
  EXPECT_EQ(a.open(kEpoch), (Journal<FakeFlash, 16>::OpenResult::failed));
  FakeFlash too_many(1024, 32);
  Journal<FakeFlash, 16> b(too_many);
  EXPECT_EQ(b.open(kEpoch), (Journal<FakeFlash, 16>::OpenResult::failed));
  std::uint64_t seq = 0;
  EXPECT_EQ(b.append("x", 1, seq), (Journal<FakeFlash, 16>::AppendResult::closed));
}

TEST(Journal, AFailingFlashReportsAnErrorAndLosesNothingCommitted) {
  FakeFlash flash(1024, 4);
  TestJournal j(flash);
  j.open(kEpoch);
  for (std::uint64_t i = 1; i <= 10; ++i) append(j, payload_for(i));
  flash.set_failing(true);
  std::uint64_t seq = 0;
  std::string p = payload_for(11);
  EXPECT_EQ(j.append(p.data(), p.size(), seq), TestJournal::AppendResult::flash_error);
  flash.set_failing(false);
  EXPECT_EQ(append(j, p), 11u);
  auto records = read_from(j, 1);
  ASSERT_EQ(records.size(), 11u);
  EXPECT_EQ(records.back().second, p);
}

TEST(Journal, AfterAFailedWriteTheNextRecordGoesElsewhereIntact) {
  for (auto tear : {FakeFlash::Tear::half, FakeFlash::Tear::all, FakeFlash::Tear::back_half,
                    FakeFlash::Tear::scattered}) {
    FakeFlash flash(1024, 4);
    TestJournal j(flash);
    j.open(kEpoch);
    for (std::uint64_t i = 1; i <= 3; ++i) append(j, payload_for(i));
    flash.arm_glitch(tear);
    std::uint64_t seq = 0;
    std::string p = payload_for(4);
    EXPECT_EQ(j.append(p.data(), p.size(), seq), TestJournal::AppendResult::flash_error);
    EXPECT_EQ(append(j, p), 4u);
    EXPECT_EQ(flash.overwrites(), 0u);
    auto records = read_from(j, 1);
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records.back().second, p);
    TestJournal again(flash);
    ASSERT_EQ(again.open(1), TestJournal::OpenResult::mounted);
    EXPECT_EQ(read_from(again, 1), records);
  }
}

TEST(Journal, FormatStartsANewEpochAtSeqOne) {
  FakeFlash flash(1024, 4);
  TestJournal j(flash);
  j.open(kEpoch);
  for (std::uint64_t i = 1; i <= 10; ++i) append(j, payload_for(i));
  ASSERT_TRUE(j.format(42));
  EXPECT_EQ(j.epoch(), 42u);
  EXPECT_EQ(j.next_seq(), 1u);
  TestJournal again(flash);
  ASSERT_EQ(again.open(7), TestJournal::OpenResult::mounted);
  EXPECT_EQ(again.epoch(), 42u);
  EXPECT_TRUE(read_from(again, 1).empty());
}

}  // namespace
}  // namespace vigie::fw
