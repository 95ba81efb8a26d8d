#include "core/journal_layout.hpp"

#include <cstring>

#include "core/crc32.hpp"

namespace vigie::fw::journal_layout {
namespace {

constexpr std::uint32_t kPageMagic = 0x314A4756;  // "VGJ1"
constexpr std::uint16_t kLayoutVersion = 1;

void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}
void put32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint16_t get16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
std::uint32_t get32(const std::uint8_t* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(p[i]) << (8 * i);
  return v;
}
std::uint64_t get64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

std::uint32_t record_crc(const std::uint8_t* header, const void* payload, std::size_t size) {
  std::uint32_t crc = crc32(header, 4);  // size, kind
  crc = crc32(header + 8, 8, crc);       // seq
  return crc32(payload, size, crc);
}

}  // namespace

void encode_page_header(const PageHeader& h, std::uint8_t* out) {
  put32(out + 0, kPageMagic);
  put32(out + 4, h.counter);
  put64(out + 8, h.epoch);
  put64(out + 16, h.first_seq);
  put16(out + 24, kLayoutVersion);
  put16(out + 26, 0);
  put32(out + 28, crc32(out, 28));
}

bool decode_page_header(const std::uint8_t* in, PageHeader& h) {
  if (get32(in + 0) != kPageMagic || get16(in + 24) != kLayoutVersion) return false;
  if (get32(in + 28) != crc32(in, 28)) return false;
  h.counter = get32(in + 4);
  h.epoch = get64(in + 8);
  h.first_seq = get64(in + 16);
  return h.first_seq != 0;
}

void encode_record(std::uint16_t kind, std::uint64_t seq, const void* payload, std::uint16_t size,
                   std::uint8_t* out) {
  put16(out + 0, size);
  put16(out + 2, kind);
  put64(out + 8, seq);
  if (size > 0) std::memcpy(out + kRecordHeaderSize, payload, size);
  put32(out + 4, record_crc(out, payload, size));
  std::size_t span = record_span(size);
  for (std::size_t i = kRecordHeaderSize + size; i < span; ++i) out[i] = 0xFF;
}

bool decode_record_header(const std::uint8_t* in, RecordHeader& h) {
  h.size = get16(in + 0);
  h.kind = get16(in + 2);
  h.crc = get32(in + 4);
  h.seq = get64(in + 8);
  if (h.seq == 0) return false;
  if (h.kind == kRecordReleaseMark) return h.size == 0;
  return h.kind == kRecordEvent && h.size <= kMaxPayload;
}

bool record_crc_ok(const RecordHeader& h, const std::uint8_t* payload) {
  std::uint8_t header[kRecordHeaderSize] = {};
  put16(header + 0, h.size);
  put16(header + 2, h.kind);
  put64(header + 8, h.seq);
  return record_crc(header, payload, h.size) == h.crc;
}

bool is_erased(const std::uint8_t* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i)
    if (data[i] != 0xFF) return false;
  return true;
}

}  // namespace vigie::fw::journal_layout
