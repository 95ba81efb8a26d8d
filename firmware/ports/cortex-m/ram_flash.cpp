#include "ram_flash.hpp"

#include <cstring>

namespace vigie::board {
namespace {

constexpr std::size_t kRegionSize = std::size_t{RamFlash::kPageSize} * RamFlash::kPageCount;

// Not zeroed at reset (NOLOAD): a warm reset keeps the journal.
alignas(8) __attribute__((section(".journal"))) std::uint8_t g_region[kRegionSize];

bool in_region(std::uint32_t offset, std::size_t size) {
  return offset <= kRegionSize && size <= kRegionSize - offset;
}

}  // namespace

bool RamFlash::read(std::uint32_t offset, void* out, std::size_t size) {
  if (!in_region(offset, size)) return false;
  std::memcpy(out, g_region + offset, size);
  return true;
}

bool RamFlash::program(std::uint32_t offset, const void* data, std::size_t size) {
  if (!in_region(offset, size) || offset % 8 != 0 || size % 8 != 0) return false;
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  for (std::size_t i = 0; i < size; ++i) g_region[offset + i] &= bytes[i];
  return true;
}

bool RamFlash::erase_page(std::uint32_t page) {
  if (page >= kPageCount) return false;
  std::memset(g_region + std::size_t{page} * kPageSize, 0xFF, kPageSize);
  return true;
}

}  // namespace vigie::board
