// The journal's Flash port (core/ports.hpp) on an STM32F4's own flash: a run
// of equal sectors reserved by the linker script is the journal's ring, one
// journal page per sector. Every call goes through `Bus`, so the same code
// drives the chip (mmio_bus.hpp) and the host tests' register-level fake:
//
//   std::uint32_t load(std::uint32_t address);              a 32-bit bus read
//   void store(std::uint32_t address, std::uint32_t value); a 32-bit bus write
//   void copy_out(std::uint32_t address, void* out, std::size_t size);
//
// Each operation follows RM0368 sec. 3.5: wait for BSY to clear, clear stale
// error flags, unlock with the two keys, program 32-bit words with PG set (or
// erase with SER, SNB and STRT), wait for BSY after each, check the error
// flags, and lock again, so a stray store can never program the flash.
//
// The F4 lets a word be programmed again as long as bits only go from 1 to 0
// (RM0368 sec. 3.5.4); it flags nothing. The journal must never do that (a torn
// record would be written over), so program() checks first that every word it
// is asked to set is erased, and refuses the whole call, writing nothing, if
// one is not. Words of all ones are left alone: that is what they hold.
//
// While an erase runs (a 128 KiB sector takes on the order of a second: the
// datasheet's t_ERASE128KB), every read of the flash, instruction fetches
// included, stalls: the core waits, and so do interrupt handlers in flash.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/ports.hpp"
#include "stm32f4_flash_regs.hpp"

namespace vigie::board {

enum class FlashError : std::uint8_t {
  none,
  bad_argument,     // offset, size or page outside the journal, or not aligned
  not_erased,       // program() over a word that is not all ones
  locked,           // FLASH_CR stayed locked after the keys
  busy_timeout,     // BSY never cleared
  write_protected,  // WRPERR
  alignment,        // PGAERR
  parallelism,      // PGPERR
  sequence,         // PGSERR
  operation,        // OPERR
  not_blank,        // a sector still holds programmed bits after its erase
};

template <class Bus>
class Stm32f4Flash {
 public:
  // Polls of FLASH_SR before giving up on BSY: tens of seconds at 16 MHz, far
  // beyond the longest sector erase the datasheet allows.
  static constexpr std::uint32_t kBusyPolls = 1u << 28;

  // The journal occupies `sector_count` sectors from `first_sector`, which
  // must all have the same size; otherwise geometry() reports no pages and the
  // journal refuses to open.
  Stm32f4Flash(Bus& bus, std::uint32_t first_sector, std::uint32_t sector_count)
      : bus_(bus), first_sector_(first_sector) {
    if (sector_count < 2 || first_sector >= stm32f4::kSectorCount ||
        sector_count > stm32f4::kSectorCount - first_sector)
      return;
    for (std::uint32_t s = first_sector; s < first_sector + sector_count; ++s)
      if (stm32f4::sector_size(s) != stm32f4::sector_size(first_sector)) return;
    geometry_ = {stm32f4::sector_size(first_sector), sector_count};
    base_ = stm32f4::sector_start(first_sector);
  }

  fw::FlashGeometry geometry() const { return geometry_; }

  bool read(std::uint32_t offset, void* out, std::size_t size) {
    if (!in_journal(offset, size)) return fail(FlashError::bad_argument);
    bus_.copy_out(base_ + offset, out, size);
    return true;
  }

  bool program(std::uint32_t offset, const void* data, std::size_t size) {
    if (!in_journal(offset, size) || offset % 8 != 0 || size % 8 != 0)
      return fail(FlashError::bad_argument);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    for (std::size_t i = 0; i < size; i += 4) {
      if (word_at(bytes + i) != kErasedWord &&
          bus_.load(base_ + offset + static_cast<std::uint32_t>(i)) != kErasedWord)
        return fail(FlashError::not_erased);
    }
    if (!begin()) return false;
    bus_.store(stm32f4::kCr, stm32f4::kCrPsizeX32 | stm32f4::kCrPg);
    bool ok = true;
    for (std::size_t i = 0; i < size && ok; i += 4) {
      const std::uint32_t word = word_at(bytes + i);
      if (word == kErasedWord) continue;
      bus_.store(base_ + offset + static_cast<std::uint32_t>(i), word);
      ok = wait_done();
    }
    lock();
    return ok;
  }

  bool erase_page(std::uint32_t page) {
    if (page >= geometry_.page_count) return fail(FlashError::bad_argument);
    if (!begin()) return false;
    const std::uint32_t select =
        stm32f4::kCrPsizeX32 | stm32f4::kCrSer | ((first_sector_ + page) << stm32f4::kCrSnbShift);
    bus_.store(stm32f4::kCr, select);
    bus_.store(stm32f4::kCr, select | stm32f4::kCrStrt);
    const bool ok = wait_done();
    lock();
    flush_data_cache();
    return ok && blank(page);
  }

  bool sync() { return true; }  // the flash holds what it programmed

  FlashError last_error() const { return last_error_; }
  std::uint32_t failures() const { return failures_; }

 private:
  static constexpr std::uint32_t kErasedWord = 0xFFFFFFFFu;

  static std::uint32_t word_at(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
  }

  bool in_journal(std::uint32_t offset, std::size_t size) const {
    const std::uint32_t total = geometry_.page_size * geometry_.page_count;
    return offset <= total && size <= total - offset;
  }

  bool fail(FlashError error) {
    last_error_ = error;
    ++failures_;
    return false;
  }

  bool wait_idle() {
    for (std::uint32_t polls = 0; polls < kBusyPolls; ++polls)
      if ((bus_.load(stm32f4::kSr) & stm32f4::kSrBsy) == 0) return true;
    return fail(FlashError::busy_timeout);
  }

  // Waits for the operation just started, then reads and clears its errors.
  bool wait_done() {
    if (!wait_idle()) return false;
    const std::uint32_t sr = bus_.load(stm32f4::kSr) & stm32f4::kSrErrors;
    if (sr == 0) return true;
    bus_.store(stm32f4::kSr, sr);
    if (sr & stm32f4::kSrWrperr) return fail(FlashError::write_protected);
    if (sr & stm32f4::kSrPgaerr) return fail(FlashError::alignment);
    if (sr & stm32f4::kSrPgperr) return fail(FlashError::parallelism);
    if (sr & stm32f4::kSrPgserr) return fail(FlashError::sequence);
    return fail(FlashError::operation);
  }

  // No operation under way, no flag left from an earlier one, FLASH_CR unlocked.
  bool begin() {
    if (!wait_idle()) return false;
    const std::uint32_t stale = bus_.load(stm32f4::kSr) & (stm32f4::kSrErrors | stm32f4::kSrEop);
    if (stale != 0) bus_.store(stm32f4::kSr, stale);
    if (bus_.load(stm32f4::kCr) & stm32f4::kCrLock) {
      bus_.store(stm32f4::kKeyr, stm32f4::kKey1);
      bus_.store(stm32f4::kKeyr, stm32f4::kKey2);
      if (bus_.load(stm32f4::kCr) & stm32f4::kCrLock) return fail(FlashError::locked);
    }
    return true;
  }

  // Clears PG, SER and SNB and sets LOCK in one write.
  void lock() { bus_.store(stm32f4::kCr, stm32f4::kCrLock); }

  // With the data cache on (ART accelerator), words of an erased sector may
  // still be served from it: reset the cache while it is disabled (RM0368).
  void flush_data_cache() {
    const std::uint32_t acr = bus_.load(stm32f4::kAcr);
    if ((acr & stm32f4::kAcrDcen) == 0) return;
    bus_.store(stm32f4::kAcr, acr & ~stm32f4::kAcrDcen);
    bus_.store(stm32f4::kAcr, (acr & ~stm32f4::kAcrDcen) | stm32f4::kAcrDcrst);
    bus_.store(stm32f4::kAcr, acr & ~stm32f4::kAcrDcen);
    bus_.store(stm32f4::kAcr, acr);
  }

  // An erase cut short can leave bits programmed: the sector is only free if
  // every word reads back erased.
  bool blank(std::uint32_t page) {
    const std::uint32_t start = base_ + page * geometry_.page_size;
    for (std::uint32_t a = start; a < start + geometry_.page_size; a += 4)
      if (bus_.load(a) != kErasedWord) return fail(FlashError::not_blank);
    return true;
  }

  Bus& bus_;
  std::uint32_t first_sector_ = 0;
  std::uint32_t base_ = 0;
  fw::FlashGeometry geometry_{};
  FlashError last_error_ = FlashError::none;
  std::uint32_t failures_ = 0;
};

}  // namespace vigie::board
