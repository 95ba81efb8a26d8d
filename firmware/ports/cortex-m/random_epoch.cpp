#include <cstdint>

#include "board_ports.hpp"

namespace vigie::board {
namespace {

// Stand-ins for the MCU's entropy: a real board reads its hardware RNG (e.g.
// STM32 RNG->DR) and may mix in the 96-bit unique device ID.
volatile std::uint32_t g_unique_id[3] = {0x0042002Bu, 0x3431510Du, 0x30373234u};
volatile std::uint32_t* const kSysTickValue = reinterpret_cast<std::uint32_t*>(0xE000E018u);

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

std::uint64_t random_epoch() {
  std::uint64_t seed = *kSysTickValue;
  for (const volatile std::uint32_t& word : g_unique_id) seed = splitmix64(seed ^ word);
  return splitmix64(seed ^ (static_cast<std::uint64_t>(*kSysTickValue) << 32));
}

}  // namespace vigie::board
