// CRC-32 (IEEE 802.3, reflected, as zlib): guards journal headers and records.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigie::fw {

// Continues a running CRC: crc32(b, crc32(a)) == crc32(a followed by b).
std::uint32_t crc32(const void* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace vigie::fw
