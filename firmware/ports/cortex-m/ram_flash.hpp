// The journal's storage in the QEMU build: a RAM region (section .journal,
// NOLOAD) that behaves like NOR flash, so the core runs unchanged. QEMU keeps
// RAM across a system reset, so the journal survives one as it would survive a
// power cut in flash. The board itself uses internal_flash.hpp.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/ports.hpp"

namespace vigie::board {

class RamFlash {
 public:
  static constexpr std::uint32_t kPageSize = 8192;
  static constexpr std::uint32_t kPageCount = 4;

  fw::FlashGeometry geometry() const { return {kPageSize, kPageCount}; }
  bool read(std::uint32_t offset, void* out, std::size_t size);
  // Clears bits only, as NOR does: programming over written bytes corrupts them.
  bool program(std::uint32_t offset, const void* data, std::size_t size);
  bool erase_page(std::uint32_t page);
  bool sync() { return true; }  // NOR is durable as it programs
};

}  // namespace vigie::board
