// The STM32F4 embedded flash interface, as RM0368 (STM32F401xB/C/D/E, sec. 3)
// describes it: register offsets from FLASH_R_BASE, bits, keys and the
// STM32F401xE sector map. Facts only; the driver is stm32f4_flash.hpp.
#pragma once

#include <cstdint>

namespace vigie::board::stm32f4 {

constexpr std::uint32_t kFlashInterface = 0x40023C00u;  // FLASH_R_BASE
constexpr std::uint32_t kAcr = kFlashInterface + 0x00;
constexpr std::uint32_t kKeyr = kFlashInterface + 0x04;
constexpr std::uint32_t kSr = kFlashInterface + 0x0C;
constexpr std::uint32_t kCr = kFlashInterface + 0x10;

// FLASH_KEYR: these two words, in this order, unlock FLASH_CR; anything else
// locks it until the next reset (and raises a bus error).
constexpr std::uint32_t kKey1 = 0x45670123u;
constexpr std::uint32_t kKey2 = 0xCDEF89ABu;

// FLASH_SR. The error bits and EOP are cleared by writing 1.
constexpr std::uint32_t kSrEop = 1u << 0;     // set only with EOPIE, unused here
constexpr std::uint32_t kSrOperr = 1u << 1;   // set only with ERRIE
constexpr std::uint32_t kSrWrperr = 1u << 4;  // address in a write-protected sector
constexpr std::uint32_t kSrPgaerr = 1u << 5;  // data crosses a 128-bit row
constexpr std::uint32_t kSrPgperr = 1u << 6;  // access size differs from PSIZE
constexpr std::uint32_t kSrPgserr = 1u << 7;  // data written without PG, or a wrong sequence
constexpr std::uint32_t kSrBsy = 1u << 16;
constexpr std::uint32_t kSrErrors = kSrOperr | kSrWrperr | kSrPgaerr | kSrPgperr | kSrPgserr;

// FLASH_CR. Writable only while unlocked (LOCK reads 0).
constexpr std::uint32_t kCrPg = 1u << 0;
constexpr std::uint32_t kCrSer = 1u << 1;
constexpr std::uint32_t kCrMer = 1u << 2;
constexpr std::uint32_t kCrSnbShift = 3;
constexpr std::uint32_t kCrSnbMask = 0xFu << kCrSnbShift;
constexpr std::uint32_t kCrPsizeShift = 8;
constexpr std::uint32_t kCrPsizeMask = 3u << kCrPsizeShift;
constexpr std::uint32_t kCrPsizeX32 = 2u << kCrPsizeShift;  // 2.7-3.6 V supply
constexpr std::uint32_t kCrStrt = 1u << 16;
constexpr std::uint32_t kCrLock = 1u << 31;

// FLASH_ACR: the data cache may hold words of a sector erased since.
constexpr std::uint32_t kAcrDcen = 1u << 10;
constexpr std::uint32_t kAcrDcrst = 1u << 12;

// STM32F401xE main memory: sectors 0-3 of 16 KiB, 4 of 64 KiB, 5-7 of 128 KiB.
constexpr std::uint32_t kFlashBase = 0x08000000u;
constexpr std::uint32_t kFlashSize = 512u * 1024u;
constexpr std::uint32_t kSectorCount = 8;

constexpr std::uint32_t sector_start(std::uint32_t sector) {
  if (sector <= 4) return kFlashBase + sector * 16u * 1024u;
  return kFlashBase + 128u * 1024u * (sector - 4);
}
constexpr std::uint32_t sector_size(std::uint32_t sector) {
  return sector < 4 ? 16u * 1024u : sector == 4 ? 64u * 1024u : 128u * 1024u;
}

static_assert(sector_start(4) == 0x08010000u && sector_start(5) == 0x08020000u &&
                  sector_start(7) + sector_size(7) == kFlashBase + kFlashSize,
              "RM0368 table 5: the F401xE sector map");

}  // namespace vigie::board::stm32f4
