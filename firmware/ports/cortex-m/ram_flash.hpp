// The journal's storage on this board stub: a RAM region (section .journal)
// that behaves like NOR flash, so the core runs unchanged. A real board puts
// .journal in flash sectors and programs them through its flash controller.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/ports.hpp"

namespace vigie::board {

class RamFlash {
 public:
  static constexpr std::uint32_t kPageSize = 2048;
  static constexpr std::uint32_t kPageCount = 16;

  fw::FlashGeometry geometry() const { return {kPageSize, kPageCount}; }
  bool read(std::uint32_t offset, void* out, std::size_t size);
  // Clears bits only, as NOR does: programming over written bytes corrupts them.
  bool program(std::uint32_t offset, const void* data, std::size_t size);
  bool erase_page(std::uint32_t page);
  bool sync() { return true; }  // NOR is durable as it programs
};

}  // namespace vigie::board
