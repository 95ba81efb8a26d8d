// The Bus of stm32f4_flash.hpp on the chip: plain volatile loads and stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace vigie::board {

struct MmioBus {
  std::uint32_t load(std::uint32_t address) {
    return *reinterpret_cast<volatile const std::uint32_t*>(address);
  }
  void store(std::uint32_t address, std::uint32_t value) {
    *reinterpret_cast<volatile std::uint32_t*>(address) = value;
  }
  // The flash is memory-mapped: a read is a copy (it stalls while BSY is set).
  void copy_out(std::uint32_t address, void* out, std::size_t size) {
    std::memcpy(out, reinterpret_cast<const void*>(address), size);
  }
};

}  // namespace vigie::board
