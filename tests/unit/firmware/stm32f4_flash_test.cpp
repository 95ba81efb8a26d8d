// The STM32F4 flash driver against the register-level fake: first the fake
// itself refuses what the chip refuses, then the driver follows the sequence,
// keeps to its sectors, reports the controller's errors, and carries the
// journal with its wear spread over the ring.
#include "stm32f4_flash.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/journal.hpp"
#include "fake_flash_controller.hpp"

namespace vigie::fw {
namespace {

using testing::FakeFlashController;
using namespace board::stm32f4;
using Driver = board::Stm32f4Flash<FakeFlashController>;
using FlashJournal = Journal<Driver, 3>;

constexpr std::uint32_t kJournalSector = 5;
constexpr std::uint32_t kJournalSectors = 3;
constexpr std::uint32_t kJournalBase = 0x08020000u;

std::uint32_t word_at(const FakeFlashController& chip, std::uint32_t address) {
  std::uint32_t v = 0;
  std::memcpy(&v, &chip.memory()[address - kFlashBase], 4);
  return v;
}

void unlock(FakeFlashController& chip) {
  chip.store(kKeyr, kKey1);
  chip.store(kKeyr, kKey2);
}

void wait(FakeFlashController& chip) {
  while (chip.load(kSr) & kSrBsy) {
  }
}

// --- the fake enforces the chip's sequence ----------------------------------

TEST(FakeFlashController, StartsLockedAndUnlocksOnlyWithBothKeysInOrder) {
  FakeFlashController chip;
  EXPECT_TRUE(chip.load(kCr) & kCrLock);
  unlock(chip);
  EXPECT_FALSE(chip.load(kCr) & kCrLock);
  EXPECT_EQ(chip.bus_faults(), 0u);
}

TEST(FakeFlashController, AWrongKeyLocksUntilReset) {
  FakeFlashController chip;
  chip.store(kKeyr, kKey2);  // the keys swapped
  chip.store(kKeyr, kKey1);
  chip.store(kKeyr, kKey2);
  EXPECT_TRUE(chip.load(kCr) & kCrLock);
  EXPECT_GE(chip.bus_faults(), 1u);
  unlock(chip);
  EXPECT_TRUE(chip.load(kCr) & kCrLock) << "still locked until reset";
  FakeFlashController rebooted = chip.reboot();
  unlock(rebooted);
  EXPECT_FALSE(rebooted.load(kCr) & kCrLock);
}

TEST(FakeFlashController, AProgramWithoutUnlockSetsPgserrAndWritesNothing) {
  FakeFlashController chip;
  chip.store(kCr, kCrPsizeX32 | kCrPg);  // ignored: CR is locked
  chip.store(kJournalBase, 0x12345678u);
  wait(chip);
  EXPECT_TRUE(chip.load(kSr) & kSrPgserr);
  EXPECT_EQ(word_at(chip, kJournalBase), 0xFFFFFFFFu);
}

TEST(FakeFlashController, ADataWriteWithoutPgSetsPgserr) {
  FakeFlashController chip;
  unlock(chip);
  chip.store(kCr, kCrPsizeX32);
  chip.store(kJournalBase, 0);
  EXPECT_TRUE(chip.load(kSr) & kSrPgserr);
  EXPECT_EQ(word_at(chip, kJournalBase), 0xFFFFFFFFu);
}

TEST(FakeFlashController, AWordWriteUnderByteParallelismSetsPgperr) {
  FakeFlashController chip;
  unlock(chip);
  chip.store(kCr, kCrPg);  // PSIZE x8
  chip.store(kJournalBase, 0);
  EXPECT_TRUE(chip.load(kSr) & kSrPgperr);
  EXPECT_EQ(word_at(chip, kJournalBase), 0xFFFFFFFFu);
}

TEST(FakeFlashController, AMisalignedWriteSetsPgaerr) {
  FakeFlashController chip;
  unlock(chip);
  chip.store(kCr, kCrPsizeX32 | kCrPg);
  chip.store(kJournalBase + 2, 0);
  EXPECT_TRUE(chip.load(kSr) & kSrPgaerr);
}

TEST(FakeFlashController, ProgramOnlyClearsBitsAndCountsAnOverprogram) {
  FakeFlashController chip;
  unlock(chip);
  chip.store(kCr, kCrPsizeX32 | kCrPg);
  chip.store(kJournalBase, 0xF0F0FFFFu);
  wait(chip);
  EXPECT_EQ(chip.overprograms(), 0u);
  chip.store(kJournalBase, 0x0FFFFFFFu);  // the F4 allows it and flags nothing
  wait(chip);
  EXPECT_EQ(word_at(chip, kJournalBase), 0x00F0FFFFu);
  EXPECT_EQ(chip.load(kSr) & kSrErrors, 0u);
  EXPECT_EQ(chip.overprograms(), 1u);
}

TEST(FakeFlashController, EraseSetsExactlyItsSectorToOnes) {
  FakeFlashController chip;
  std::fill(chip.memory().begin(), chip.memory().end(), 0);
  unlock(chip);
  chip.store(kCr, kCrPsizeX32 | kCrSer | (6u << kCrSnbShift));
  chip.store(kCr, kCrPsizeX32 | kCrSer | (6u << kCrSnbShift) | kCrStrt);
  EXPECT_TRUE(chip.load(kSr) & kSrBsy) << "an erase takes time";
  wait(chip);
  EXPECT_EQ(word_at(chip, sector_start(6)), 0xFFFFFFFFu);
  EXPECT_EQ(word_at(chip, sector_start(7) - 4), 0xFFFFFFFFu);
  EXPECT_EQ(word_at(chip, sector_start(6) - 4), 0u);
  EXPECT_EQ(word_at(chip, sector_start(7)), 0u);
  EXPECT_EQ(chip.erases_of(6), 1u);
}

TEST(FakeFlashController, AProtectedSectorSetsWrperr) {
  FakeFlashController chip;
  chip.protect_sector(0);
  unlock(chip);
  chip.store(kCr, kCrPsizeX32 | kCrSer);
  chip.store(kCr, kCrPsizeX32 | kCrSer | kCrStrt);
  EXPECT_TRUE(chip.load(kSr) & kSrWrperr);
  EXPECT_EQ(chip.erases_of(0), 0u);
}

TEST(FakeFlashController, APowerCutMidEraseLeavesTheSectorNeitherOldNorErased) {
  FakeFlashController chip;
  std::fill(chip.memory().begin(), chip.memory().end(), 0);
  unlock(chip);
  chip.store(kCr, kCrPsizeX32 | kCrSer | (5u << kCrSnbShift));
  chip.cut_after_writes(1, FakeFlashController::Cut::partial, 7);
  chip.store(kCr, kCrPsizeX32 | kCrSer | (5u << kCrSnbShift) | kCrStrt);
  EXPECT_TRUE(chip.powered_off());
  EXPECT_TRUE(chip.cut_tore_an_operation());
  const auto begin = chip.memory().begin() + (sector_start(5) - kFlashBase);
  const auto end = begin + sector_size(5);
  EXPECT_GT(std::count(begin, end, 0xFF), 0);
  EXPECT_LT(std::count(begin, end, 0xFF), sector_size(5));
  chip.store(kSr, kSrErrors);
  EXPECT_EQ(chip.lost_writes(), 1u);
}

// --- the driver ---------------------------------------------------------------

TEST(Stm32f4Flash, ItsGeometryIsTheReservedSectors) {
  FakeFlashController chip;
  Driver flash(chip, kJournalSector, kJournalSectors);
  EXPECT_EQ(flash.geometry().page_size, 128u * 1024u);
  EXPECT_EQ(flash.geometry().page_count, 3u);
}

TEST(Stm32f4Flash, SectorsOfUnequalSizesOrOutsideTheChipGiveNoPages) {
  FakeFlashController chip;
  EXPECT_EQ(Driver(chip, 3, 3).geometry().page_count, 0u);  // 16, 64 and 128 KiB
  EXPECT_EQ(Driver(chip, 6, 3).geometry().page_count, 0u);  // past sector 7
  EXPECT_EQ(Driver(chip, 5, 1).geometry().page_count, 0u);  // no ring
  Driver none(chip, 9, 2);
  FlashJournal journal(none);
  EXPECT_EQ(journal.open(1), FlashJournal::OpenResult::failed);
}

TEST(Stm32f4Flash, ProgramsWordsThroughTheSequenceAndLocksAgain) {
  FakeFlashController chip;
  Driver flash(chip, kJournalSector, kJournalSectors);
  const std::uint8_t data[16] = {1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xFF, 0xFF, 0xFF, 9, 10, 11, 12};
  ASSERT_TRUE(flash.program(128 * 1024 + 64, data, sizeof data));
  std::uint8_t back[16];
  ASSERT_TRUE(flash.read(128 * 1024 + 64, back, sizeof back));
  EXPECT_EQ(std::memcmp(back, data, sizeof data), 0);
  EXPECT_EQ(word_at(chip, sector_start(6) + 64), 0x04030201u);
  EXPECT_EQ(chip.words_programmed(), 3u) << "an all-ones word is left erased";
  EXPECT_TRUE(chip.locked());
  EXPECT_EQ(chip.violations(), 0u);
  EXPECT_EQ(chip.bus_faults(), 0u);
}

TEST(Stm32f4Flash, RefusesToProgramANonErasedWordAndWritesNothing) {
  FakeFlashController chip;
  Driver flash(chip, kJournalSector, kJournalSectors);
  const std::uint8_t first[8] = {0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF};
  ASSERT_TRUE(flash.program(8, first, 8));
  const std::uint8_t second[16] = {0xFF, 0xFF, 0xFF, 0xFF, 1, 1, 1, 1, 0x7F, 0, 0, 0, 0, 0, 0, 0};
  const std::uint64_t before = chip.words_programmed();
  EXPECT_FALSE(flash.program(0, second, 16));  // its 4th word is already programmed
  EXPECT_EQ(flash.last_error(), board::FlashError::not_erased);
  EXPECT_EQ(chip.words_programmed(), before);
  EXPECT_EQ(chip.overprograms(), 0u);
}

TEST(Stm32f4Flash, RefusesOffsetsOutsideTheJournalOrNotAligned) {
  FakeFlashController chip;
  Driver flash(chip, kJournalSector, kJournalSectors);
  std::uint8_t data[16] = {};
  const std::uint32_t end = 3 * 128 * 1024;
  EXPECT_FALSE(flash.program(end - 8, data, 16));
  EXPECT_FALSE(flash.program(4, data, 8));
  EXPECT_FALSE(flash.program(0, data, 12));
  EXPECT_FALSE(flash.read(end - 4, data, 8));
  EXPECT_FALSE(flash.read(0xFFFFFFF8u, data, 16));
  EXPECT_FALSE(flash.erase_page(3));
  EXPECT_EQ(flash.last_error(), board::FlashError::bad_argument);
  EXPECT_EQ(chip.writes(), 0u) << "nothing reached the controller";
}

TEST(Stm32f4Flash, ErasesOnlyItsOwnSectorsAndChecksThemBlank) {
  FakeFlashController chip;
  std::fill(chip.memory().begin(), chip.memory().end(), 0x5A);
  Driver flash(chip, kJournalSector, kJournalSectors);
  for (std::uint32_t p = 0; p < 3; ++p) ASSERT_TRUE(flash.erase_page(p));
  for (std::uint32_t s = 0; s < kSectorCount; ++s)
    EXPECT_EQ(chip.erases_of(s), s >= kJournalSector ? 1u : 0u) << "sector " << s;
  EXPECT_EQ(word_at(chip, sector_start(4)), 0x5A5A5A5Au) << "the image's sectors are kept";
  EXPECT_TRUE(chip.locked());
}

TEST(Stm32f4Flash, ReportsWriteProtectionAndClearsTheFlag) {
  FakeFlashController chip;
  chip.protect_sector(6);
  Driver flash(chip, kJournalSector, kJournalSectors);
  EXPECT_FALSE(flash.erase_page(1));
  EXPECT_EQ(flash.last_error(), board::FlashError::write_protected);
  EXPECT_EQ(chip.sr() & kSrErrors, 0u);
  std::uint8_t data[8] = {};
  EXPECT_FALSE(flash.program(128 * 1024, data, 8));
  EXPECT_EQ(flash.last_error(), board::FlashError::write_protected);
  EXPECT_TRUE(flash.program(0, data, 8)) << "the other sectors still work";
  EXPECT_TRUE(chip.locked());
}

TEST(Stm32f4Flash, ClearsAStaleErrorFlagBeforeItsOwnOperation) {
  FakeFlashController chip;
  chip.store(kJournalBase, 0);  // a stray store: PGSERR is left set
  ASSERT_TRUE(chip.sr() & kSrPgserr);
  Driver flash(chip, kJournalSector, kJournalSectors);
  std::uint8_t data[8] = {};
  EXPECT_TRUE(flash.program(0, data, 8));
}

TEST(Stm32f4Flash, ReportsACrLockedByAWrongKeyUntilReset) {
  FakeFlashController chip;
  chip.store(kKeyr, 0xDEADBEEFu);
  Driver flash(chip, kJournalSector, kJournalSectors);
  std::uint8_t data[8] = {};
  EXPECT_FALSE(flash.program(0, data, 8));
  EXPECT_EQ(flash.last_error(), board::FlashError::locked);
  EXPECT_FALSE(flash.erase_page(0));
  EXPECT_EQ(word_at(chip, kJournalBase), 0xFFFFFFFFu);
}

TEST(Stm32f4Flash, ResetsTheDataCacheAfterAnEraseWhenItIsOn) {
  FakeFlashController chip;
  Driver flash(chip, kJournalSector, kJournalSectors);
  ASSERT_TRUE(flash.erase_page(0));
  EXPECT_EQ(chip.cache_resets(), 0u);
  chip.store(kAcr, kAcrDcen);
  ASSERT_TRUE(flash.erase_page(0));
  EXPECT_EQ(chip.cache_resets(), 1u);
  EXPECT_TRUE(chip.load(kAcr) & kAcrDcen) << "the cache is on again";
}

std::string payload_for(std::uint64_t seq) {
  std::string p = "seq=" + std::to_string(seq) + ";";
  const std::size_t size = 40 + (seq * 53) % 700;
  while (p.size() < size) p.push_back(static_cast<char>('a' + (seq + p.size()) % 26));
  return p;
}

TEST(Stm32f4Flash, CarriesTheJournalAcrossRemountsAndSpreadsWearOverTheRing) {
  auto chip = std::make_unique<FakeFlashController>();
  std::uint64_t appended = 0;
  {
    Driver flash(*chip, kJournalSector, kJournalSectors);
    FlashJournal journal(flash);
    ASSERT_EQ(journal.open(42), FlashJournal::OpenResult::formatted);
    // Enough for seven turns of the ring, acks trailing 30 events behind.
    while (chip->erases_of(5) + chip->erases_of(6) + chip->erases_of(7) < 21) {
      std::uint64_t seq = 0;
      const std::string p = payload_for(journal.next_seq());
      ASSERT_EQ(journal.append(p.data(), p.size(), seq), FlashJournal::AppendResult::ok);
      appended = seq;
      if (seq % 10 == 0 && seq > 30) journal.release(seq - 30);
    }
  }
  auto rebooted = std::make_unique<FakeFlashController>(chip->reboot());
  Driver flash(*rebooted, kJournalSector, kJournalSectors);
  FlashJournal journal(flash);
  ASSERT_EQ(journal.open(7), FlashJournal::OpenResult::mounted);
  EXPECT_EQ(journal.epoch(), 42u);
  EXPECT_EQ(journal.last_seq(), appended);
  auto cursor = journal.seek(journal.released() + 1);
  FlashJournal::Record r;
  std::uint64_t expected = journal.released() + 1;
  while (journal.next(cursor, r)) {
    ASSERT_EQ(r.seq, expected++);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(r.payload), r.size), payload_for(r.seq));
  }
  EXPECT_EQ(expected, appended + 1);
  const std::uint32_t e5 = chip->erases_of(5), e6 = chip->erases_of(6), e7 = chip->erases_of(7);
  EXPECT_LE(std::max({e5, e6, e7}) - std::min({e5, e6, e7}), 1u) << e5 << " " << e6 << " " << e7;
  for (std::uint32_t s = 0; s < kJournalSector; ++s) EXPECT_EQ(chip->erases_of(s), 0u);
  EXPECT_EQ(chip->overprograms(), 0u);
  EXPECT_EQ(chip->violations(), 0u);
  EXPECT_EQ(chip->bus_faults(), 0u);
  EXPECT_TRUE(chip->locked());
}

}  // namespace
}  // namespace vigie::fw
