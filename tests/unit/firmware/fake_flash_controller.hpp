// A register-level model of the STM32F401xE flash interface (RM0368 sec. 3),
// the Bus that ports/cortex-m/stm32f4_flash.hpp drives in host tests.
//
// What it enforces, as the chip does: FLASH_CR ignores writes while locked;
// KEYR unlocks only with KEY1 then KEY2, and any other write locks it until
// reset (counted as a bus fault); a data write without PG sets PGSERR and
// changes nothing; a write with PSIZE other than x32 sets PGPERR, a misaligned
// one PGAERR, one into a protected sector WRPERR; an erase sets its sector to
// 0xFF; a program only clears bits (AND), and on an F4 programming a word that
// is not erased is allowed and flags nothing, so the model counts it apart
// (overprograms()) for the tests to assert on. An operation keeps BSY set for a
// few polls of FLASH_SR. Writes to CR or to the flash while BSY is set, writes
// to unknown addresses, and an erase with PG set count as violations().
//
// Power cuts: cut_after_writes(n, mode) lets n bus writes through; at that
// instant the power goes. An operation then under way (a word being programmed,
// a sector being erased) is left as `mode` says: untouched, partly done (random
// bits, as a real cell may be left), or complete. From then on writes are lost,
// FLASH_SR reads an error, and reboot() gives the memory to a fresh controller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "stm32f4_flash_regs.hpp"

namespace vigie::fw::testing {

class FakeFlashController {
 public:
  enum class Cut : std::uint8_t { untouched, partial, complete };

  static constexpr std::uint32_t kProgramPolls = 1;
  static constexpr std::uint32_t kErasePolls = 4;

  FakeFlashController() : memory_(board::stm32f4::kFlashSize, 0xFF) {}
  explicit FakeFlashController(std::vector<std::uint8_t> memory) : memory_(std::move(memory)) {}

  // The chip after a power cycle: same memory, registers at reset values.
  FakeFlashController reboot() const {
    FakeFlashController next(memory_);
    next.protected_ = protected_;
    return next;
  }

  std::uint32_t load(std::uint32_t address) {
    using namespace board::stm32f4;
    if (in_flash(address, 4)) {
      finish_if_busy();  // a flash read stalls until the operation ends
      std::uint32_t v = 0;
      std::memcpy(&v, &memory_[address - kFlashBase], 4);
      return v;
    }
    if (address == kSr) {
      if (powered_off_) return kSrPgserr;  // nothing answers: every operation failed
      if (busy_ != Op::none && --polls_left_ == 0) complete();
      return sr_ | (busy_ != Op::none ? kSrBsy : 0);
    }
    if (address == kCr) return powered_off_ ? kCrLock : cr_ | (locked_ ? kCrLock : 0);
    if (address == kAcr) return acr_;
    if (address == kKeyr) return 0;  // write-only
    ++violations_;
    return 0;
  }

  void store(std::uint32_t address, std::uint32_t value) {
    using namespace board::stm32f4;
    if (powered_off_) {
      ++lost_writes_;
      return;
    }
    ++writes_;
    if (in_flash(address, 1)) {
      write_data(address, value);
    } else if (address == kKeyr) {
      write_key(value);
    } else if (address == kCr) {
      write_cr(value);
    } else if (address == kSr) {
      sr_ &= ~(value & (kSrErrors | kSrEop));
    } else if (address == kAcr) {
      acr_ = value & ~kAcrDcrst;
      if (value & kAcrDcrst) ++cache_resets_;
    } else {
      ++violations_;
    }
    if (cut_armed_ && writes_ == cut_at_) power_cut();
  }

  void copy_out(std::uint32_t address, void* out, std::size_t size) {
    if (!in_flash(address, size)) {
      ++violations_;
      return;
    }
    finish_if_busy();
    std::memcpy(out, &memory_[address - board::stm32f4::kFlashBase], size);
  }

  // The power goes right after bus write number `writes` from now (0: at once).
  void cut_after_writes(std::uint64_t writes, Cut mode, std::uint32_t seed = 1) {
    cut_mode_ = mode;
    rng_.seed(seed);
    if (writes == 0) {
      power_cut();
      return;
    }
    cut_armed_ = true;
    cut_at_ = writes_ + writes;
  }
  bool powered_off() const { return powered_off_; }
  // Whether the cut caught an operation under way (otherwise every mode is alike).
  bool cut_tore_an_operation() const { return tore_; }

  void protect_sector(std::uint32_t sector) { protected_ |= 1u << sector; }

  std::uint64_t writes() const { return writes_; }
  std::uint64_t lost_writes() const { return lost_writes_; }
  std::uint32_t erases_of(std::uint32_t sector) const { return erases_[sector]; }
  std::uint64_t words_programmed() const { return programmed_; }
  std::uint64_t overprograms() const { return overprograms_; }
  std::uint64_t violations() const { return violations_; }
  std::uint64_t bus_faults() const { return bus_faults_; }
  std::uint64_t cache_resets() const { return cache_resets_; }
  bool locked() const { return locked_; }
  std::uint32_t sr() const { return sr_; }
  std::vector<std::uint8_t>& memory() { return memory_; }
  const std::vector<std::uint8_t>& memory() const { return memory_; }

 private:
  enum class Op : std::uint8_t { none, program, erase };

  static bool in_flash(std::uint32_t address, std::size_t size) {
    using board::stm32f4::kFlashBase, board::stm32f4::kFlashSize;
    return address >= kFlashBase && address - kFlashBase <= kFlashSize &&
           size <= kFlashSize - (address - kFlashBase);
  }
  static std::uint32_t sector_of(std::uint32_t address) {
    std::uint32_t s = 0;
    while (s + 1 < board::stm32f4::kSectorCount && address >= board::stm32f4::sector_start(s + 1))
      ++s;
    return s;
  }

  void write_key(std::uint32_t value) {
    using namespace board::stm32f4;
    if (locked_ && !key_fault_ && key_stage_ == 0 && value == kKey1) {
      key_stage_ = 1;
      return;
    }
    if (locked_ && !key_fault_ && key_stage_ == 1 && value == kKey2) {
      key_stage_ = 0;
      locked_ = false;
      return;
    }
    // RM0368: a wrong sequence returns a bus error and locks CR until reset.
    key_fault_ = true;
    locked_ = true;
    ++bus_faults_;
  }

  void write_cr(std::uint32_t value) {
    using namespace board::stm32f4;
    if (busy_ != Op::none) {
      ++violations_;
      return;
    }
    if (locked_) return;  // FLASH_CR is write-protected while LOCK is set
    if (value & kCrLock) {
      cr_ = 0;
      locked_ = true;
      return;
    }
    cr_ = value & (kCrPg | kCrSer | kCrMer | kCrSnbMask | kCrPsizeMask);
    if ((value & kCrStrt) == 0) return;
    if ((cr_ & kCrSer) == 0 || (cr_ & (kCrPg | kCrMer)) != 0) {
      ++violations_;
      sr_ |= kSrPgserr;
      return;
    }
    const std::uint32_t sector = (cr_ & kCrSnbMask) >> kCrSnbShift;
    if (sector >= kSectorCount) {
      sr_ |= kSrPgserr;
      return;
    }
    if (protected_ & (1u << sector)) {
      sr_ |= kSrWrperr;
      return;
    }
    start(Op::erase, sector_start(sector), 0, kErasePolls);
  }

  void write_data(std::uint32_t address, std::uint32_t value) {
    using namespace board::stm32f4;
    if (busy_ != Op::none) {
      ++violations_;
      return;
    }
    if ((cr_ & kCrPg) == 0 || locked_) {
      sr_ |= kSrPgserr;
      return;
    }
    if ((cr_ & kCrPsizeMask) != kCrPsizeX32) {
      sr_ |= kSrPgperr;
      return;
    }
    if (address % 4 != 0) {
      sr_ |= kSrPgaerr;
      return;
    }
    if (protected_ & (1u << sector_of(address))) {
      sr_ |= kSrWrperr;
      return;
    }
    start(Op::program, address, value, kProgramPolls);
  }

  void start(Op op, std::uint32_t address, std::uint32_t value, std::uint32_t polls) {
    busy_ = op;
    target_ = address;
    value_ = value;
    polls_left_ = polls;
  }

  void finish_if_busy() {
    if (busy_ != Op::none && !powered_off_) complete();
  }

  void complete() {
    using namespace board::stm32f4;
    if (busy_ == Op::erase) {
      const std::uint32_t sector = sector_of(target_);
      std::memset(&memory_[target_ - kFlashBase], 0xFF, sector_size(sector));
      ++erases_[sector];
    } else if (busy_ == Op::program) {
      std::uint32_t old = 0;
      std::memcpy(&old, &memory_[target_ - kFlashBase], 4);
      if (old != 0xFFFFFFFFu && (old & value_) != old) ++overprograms_;
      const std::uint32_t now = old & value_;
      std::memcpy(&memory_[target_ - kFlashBase], &now, 4);
      ++programmed_;
    }
    busy_ = Op::none;
    cr_ &= ~kCrStrt;
  }

  void power_cut() {
    using namespace board::stm32f4;
    cut_armed_ = false;
    tore_ = busy_ != Op::none;
    if (tore_ && cut_mode_ == Cut::complete) complete();
    if (tore_ && cut_mode_ == Cut::partial) {
      if (busy_ == Op::erase) {
        std::uint8_t* sector = &memory_[target_ - kFlashBase];
        for (std::uint32_t i = 0; i < sector_size(sector_of(target_)); ++i)
          sector[i] = rng_() % 2 ? 0xFF : static_cast<std::uint8_t>(sector[i] | rng_());
      } else {
        std::uint32_t old = 0;
        std::memcpy(&old, &memory_[target_ - kFlashBase], 4);
        const std::uint32_t cleared = old & ~value_;  // the bits the program clears
        const std::uint32_t now = old & ~(cleared & static_cast<std::uint32_t>(rng_()));
        std::memcpy(&memory_[target_ - kFlashBase], &now, 4);
      }
    }
    busy_ = Op::none;
    powered_off_ = true;
  }

  std::vector<std::uint8_t> memory_;
  std::uint32_t sr_ = 0;
  std::uint32_t cr_ = 0;
  std::uint32_t acr_ = 0;
  bool locked_ = true;
  bool key_fault_ = false;
  int key_stage_ = 0;
  std::uint32_t protected_ = 0;

  Op busy_ = Op::none;
  std::uint32_t target_ = 0;
  std::uint32_t value_ = 0;
  std::uint32_t polls_left_ = 0;

  bool powered_off_ = false;
  bool cut_armed_ = false;
  bool tore_ = false;
  std::uint64_t cut_at_ = 0;
  Cut cut_mode_ = Cut::untouched;
  std::mt19937 rng_{1};

  std::uint64_t writes_ = 0, lost_writes_ = 0, programmed_ = 0, overprograms_ = 0;
  std::uint64_t violations_ = 0, bus_faults_ = 0, cache_resets_ = 0;
  std::uint32_t erases_[board::stm32f4::kSectorCount] = {};
};

}  // namespace vigie::fw::testing
