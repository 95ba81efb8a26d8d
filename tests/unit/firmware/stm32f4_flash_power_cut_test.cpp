// The journal on the STM32F4 flash driver, with the power cut after every bus
// write of an append, of an append that opens the next sector, and of a
// release that erases the oldest sector (the two halves of a rotation). An
// operation caught by the cut is left untouched, partly done (three random
// patterns) or complete. After each cut the chip reboots and the journal is
// mounted again: every event not yet acknowledged is there exactly once with
// its own bytes, the one being appended is whole or absent, nothing is doubled
// or invented, and the journal goes on taking events.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/journal.hpp"
#include "fake_flash_controller.hpp"
#include "stm32f4_flash.hpp"

namespace vigie::fw {
namespace {

using testing::FakeFlashController;
using Driver = board::Stm32f4Flash<FakeFlashController>;
using FlashJournal = Journal<Driver, 3>;
using Memory = std::vector<std::uint8_t>;

constexpr std::uint64_t kEpoch = 0x5eed0f0e1d2c3b4aull;

// One boot of the chip: the controller, the driver and a mounted journal.
struct Boot {
  explicit Boot(Memory memory) : chip(std::move(memory)), flash(chip, 5, 3), journal(flash) {}
  FakeFlashController chip;
  Driver flash;
  FlashJournal journal;
};

std::unique_ptr<Boot> boot(const Memory& memory) {
  auto b = std::make_unique<Boot>(memory);
  EXPECT_EQ(b->journal.open(999), FlashJournal::OpenResult::mounted);
  return b;
}

// Each life (boot) writes different bytes for a seq, so a seq written again
// after a cut can never pass for the record it replaces.
std::string payload_for(std::uint64_t seq, int life = 0) {
  std::string p = "life=" + std::to_string(life) + ";seq=" + std::to_string(seq) + ";";
  const std::size_t size = 30 + (seq * 97) % 500;
  while (p.size() < size) p.push_back(static_cast<char>('A' + (seq * 7 + p.size()) % 26));
  return p;
}

struct History {
  std::map<std::uint64_t, std::string> committed;  // append returned ok
  std::uint64_t acked = 0;                         // the gateway holds everything up to here
};

// What the operation under the cut was doing.
struct Attempt {
  std::uint64_t seq = 0;  // an event being appended (0: none)
  std::string payload;
  std::uint64_t acked = 0;  // an ack being applied
};

using Step = void (*)(FlashJournal&, History&, Attempt&);

void append_next(FlashJournal& j, History& h, Attempt& a) {
  a.seq = j.next_seq();
  a.payload = payload_for(a.seq);
  std::uint64_t seq = 0;
  if (j.append(a.payload.data(), a.payload.size(), seq) == FlashJournal::AppendResult::ok)
    h.committed[seq] = a.payload;
}

// Everything but the last three events is acknowledged.
void release_most(FlashJournal& j, History& h, Attempt& a) {
  a.acked = j.last_seq() - 3;
  j.release(a.acked);
  h.acked = a.acked;
}

// Checks a remounted journal against the history before the cut.
void check_recovered(FlashJournal& j, const History& h, const Attempt& a,
                     std::uint64_t epoch = kEpoch) {
  EXPECT_EQ(j.epoch(), epoch);
  const std::uint64_t acked = std::max(h.acked, a.acked);
  std::set<std::uint64_t> seqs;
  std::set<std::string> payloads;
  std::uint64_t previous = 0;
  auto cursor = j.seek(1);
  FlashJournal::Record r;
  while (j.next(cursor, r)) {
    const std::string payload(reinterpret_cast<const char*>(r.payload), r.size);
    EXPECT_GT(r.seq, previous) << "out of order or doubled";
    previous = r.seq;
    auto known = h.committed.find(r.seq);
    if (known != h.committed.end()) {
      EXPECT_TRUE(payload == known->second)
          << "seq " << r.seq << " holds other bytes: " << payload.substr(0, 32);
    } else {
      EXPECT_EQ(r.seq, a.seq) << "a record never appended: " << r.seq;
      EXPECT_TRUE(payload == a.payload) << "the in-flight event is torn: " << payload.substr(0, 32);
    }
    EXPECT_TRUE(payloads.insert(payload).second) << "an event stored twice";
    seqs.insert(r.seq);
  }
  EXPECT_FALSE(cursor.failed);
  for (const auto& [seq, payload] : h.committed) {
    if (seq > acked) {
      EXPECT_TRUE(seqs.count(seq)) << "lost unacknowledged event " << seq;
    }
  }
  const std::uint64_t last = h.committed.empty() ? 0 : h.committed.rbegin()->first;
  EXPECT_GE(j.last_seq(), last);
  EXPECT_LE(j.last_seq(), std::max(last, a.seq));
  EXPECT_LE(j.released(), acked);
  EXPECT_EQ(j.corrupt_records(), 0u);
}

// After recovery the node goes on: the gateway's ack arrives again, events
// keep coming, and a clean reboot finds them all.
void check_life_goes_on(Boot& b, History h, const Attempt& a) {
  h.acked = std::max(h.acked, a.acked);
  if (b.journal.last_seq() == a.seq && a.seq != 0) h.committed[a.seq] = a.payload;
  b.journal.release(h.acked);
  for (int i = 0; i < 3; ++i) {
    std::uint64_t seq = 0;
    const std::string p = payload_for(b.journal.next_seq(), 1);
    ASSERT_EQ(b.journal.append(p.data(), p.size(), seq), FlashJournal::AppendResult::ok)
        << "flash error " << static_cast<int>(b.flash.last_error());
    h.committed[seq] = p;
  }
  auto again = boot(b.chip.reboot().memory());
  check_recovered(again->journal, h, Attempt{});
}

struct State {
  Memory memory;
  History history;
};

// Cuts the power after every bus write of `step` taken from `before`.
void sweep(const State& before, Step step, std::uint64_t& cuts) {
  std::uint64_t writes = 0;
  {
    auto b = boot(before.memory);
    History h = before.history;
    Attempt a;
    const std::uint64_t start = b->chip.writes();
    step(b->journal, h, a);
    writes = b->chip.writes() - start;
    ASSERT_GT(writes, 0u);
    ASSERT_FALSE(b->chip.powered_off());
  }
  using Cut = FakeFlashController::Cut;
  struct Mode {
    Cut cut;
    std::uint32_t seed;
  };
  const Mode modes[] = {{Cut::complete, 1},
                        {Cut::untouched, 1},
                        {Cut::partial, 1},
                        {Cut::partial, 2},
                        {Cut::partial, 3}};
  for (std::uint64_t n = 0; n <= writes; ++n) {
    for (const Mode& mode : modes) {
      SCOPED_TRACE("cut after write " + std::to_string(n) + " of " + std::to_string(writes) +
                   ", mode " + std::to_string(static_cast<int>(mode.cut)) + " seed " +
                   std::to_string(mode.seed));
      auto b = boot(before.memory);
      History h = before.history;
      Attempt a;
      b->chip.cut_after_writes(n, mode.cut, mode.seed);
      step(b->journal, h, a);
      ASSERT_TRUE(b->chip.powered_off());
      ++cuts;
      auto after = boot(b->chip.reboot().memory());
      // What the step reported back before the cut is not trusted: the
      // history is what was committed before it, plus the attempt.
      check_recovered(after->journal, before.history, a);
      check_life_goes_on(*after, before.history, a);
      EXPECT_EQ(b->chip.overprograms() + after->chip.overprograms(), 0u);
      EXPECT_EQ(b->chip.violations() + after->chip.violations(), 0u);
      if (::testing::Test::HasFailure()) return;    // one report is enough
      if (!b->chip.cut_tore_an_operation()) break;  // every mode would be the same
    }
  }
}

// A formatted journal with `events` appended and acks trailing 20 behind.
State fill(std::uint64_t events) {
  FakeFlashController blank;
  Boot b(blank.memory());
  EXPECT_EQ(b.journal.open(kEpoch), FlashJournal::OpenResult::formatted);
  State s;
  for (std::uint64_t i = 0; i < events; ++i) {
    Attempt a;
    append_next(b.journal, s.history, a);
    if (a.seq % 10 == 0 && a.seq > 20) release_most(b.journal, s.history, a);
  }
  s.memory = b.chip.memory();
  return s;
}

// Appends until the next append would open a new sector.
State before_a_new_sector() {
  State s = fill(20);
  for (;;) {
    auto b = boot(s.memory);
    const std::size_t pages = b->journal.pages_in_use();
    State next = s;
    Attempt a;
    append_next(b->journal, next.history, a);
    if (b->journal.pages_in_use() > pages) return s;
    next.memory = b->chip.memory();
    s = std::move(next);
  }
}

TEST(Stm32f4FlashPowerCut, EveryWriteOfAnAppend) {
  std::uint64_t cuts = 0;
  sweep(fill(60), append_next, cuts);
  EXPECT_GT(cuts, 60u);
}

TEST(Stm32f4FlashPowerCut, EveryWriteOfAnAppendThatOpensTheNextSector) {
  const State s = before_a_new_sector();
  std::uint64_t cuts = 0;
  sweep(s, append_next, cuts);
  EXPECT_GT(cuts, 60u);
}

TEST(Stm32f4FlashPowerCut, EveryWriteOfAReleaseThatErasesTheOldestSector) {
  // Just after the head moved to the second sector, acknowledging all but the
  // newest events frees the first: its erase and the release mark are cut.
  State s = before_a_new_sector();
  {
    auto b = boot(s.memory);
    Attempt a;
    for (int i = 0; i < 5; ++i) append_next(b->journal, s.history, a);
    ASSERT_EQ(b->journal.pages_in_use(), 2u);
    s.memory = b->chip.memory();
  }
  {
    auto probe = boot(s.memory);
    History h = s.history;
    Attempt a;
    release_most(probe->journal, h, a);
    ASSERT_EQ(probe->journal.pages_in_use(), 1u) << "the release must erase a sector";
    ASSERT_EQ(probe->chip.erases_of(5), 1u);
  }
  std::uint64_t cuts = 0;
  sweep(s, release_most, cuts);
  EXPECT_GT(cuts, 10u);
}

TEST(Stm32f4FlashPowerCut, EveryWriteOfTheFirstFormatOverOldData) {
  // A board's journal sectors hold whatever was there before (here a pattern,
  // never a valid page): the first boot erases all three and opens a page.
  Memory old(board::stm32f4::kFlashSize, 0xFF);
  for (std::uint32_t a = board::stm32f4::sector_start(5) - board::stm32f4::kFlashBase;
       a < old.size(); ++a)
    old[a] = static_cast<std::uint8_t>(0x3C ^ a);
  std::uint64_t writes = 0;
  {
    Boot b(old);
    ASSERT_EQ(b.journal.open(kEpoch), FlashJournal::OpenResult::formatted);
    writes = b.chip.writes();
    ASSERT_EQ(b.chip.erases_of(5) + b.chip.erases_of(6) + b.chip.erases_of(7), 3u);
    ASSERT_GT(writes, 3u * 4u) << "three erases and a page header";
  }
  using Cut = FakeFlashController::Cut;
  for (std::uint64_t n = 0; n <= writes; ++n) {
    for (Cut cut : {Cut::complete, Cut::untouched, Cut::partial}) {
      SCOPED_TRACE("cut after write " + std::to_string(n) + " of " + std::to_string(writes) +
                   ", mode " + std::to_string(static_cast<int>(cut)));
      Boot first(old);
      first.chip.cut_after_writes(n, cut, static_cast<std::uint32_t>(n + 1));
      first.journal.open(kEpoch);
      ASSERT_TRUE(first.chip.powered_off());
      // The next boot mounts what the format finished, or formats again.
      Boot second(first.chip.reboot().memory());
      const auto opened = second.journal.open(kEpoch + 1);
      ASSERT_NE(opened, FlashJournal::OpenResult::failed)
          << "flash error " << static_cast<int>(second.flash.last_error());
      EXPECT_EQ(second.journal.epoch(),
                opened == FlashJournal::OpenResult::mounted ? kEpoch : kEpoch + 1);
      EXPECT_EQ(second.journal.next_seq(), 1u);
      std::uint64_t seq = 0;
      const std::string p = payload_for(1);
      ASSERT_EQ(second.journal.append(p.data(), p.size(), seq), FlashJournal::AppendResult::ok);
      History h;
      h.committed[seq] = p;
      auto third = boot(second.chip.reboot().memory());
      check_recovered(third->journal, h, Attempt{}, second.journal.epoch());
      EXPECT_EQ(first.chip.overprograms() + second.chip.overprograms(), 0u);
      if (::testing::Test::HasFailure()) return;
      if (!first.chip.cut_tore_an_operation()) break;
    }
  }
}

}  // namespace
}  // namespace vigie::fw
