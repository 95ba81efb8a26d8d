// How the journal lays its pages out on flash. All integers little-endian.
//
// page:   [page header, 32 bytes][record][record]...[erased 0xFF to the end]
// header: magic "VGJ1", counter (+1 per page opened: the ring's order), epoch,
//         first_seq (the next seq when the page was opened), version, CRC-32.
// record: size u16, kind u16, CRC-32 of (size, kind, seq, payload), seq u64,
//         payload, padding to 8 bytes (left erased). Kind 1 is an event; kind 2
//         a release mark (no payload, seq = everything up to it is released),
//         so a restart does not send acked events again.
//
// A record is written by one program operation and is committed once that
// returns; one torn by a power cut fails its CRC or leaves a non-erased tail,
// and mounting stops there and seals the page. The epoch lives in every page
// header, so it survives as long as the newest page, which is never erased.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigie::fw::journal_layout {

constexpr std::size_t kAlign = 8;
constexpr std::size_t kPageHeaderSize = 32;
constexpr std::size_t kRecordHeaderSize = 16;
constexpr std::size_t kMaxPayload = 768;
constexpr std::size_t kMaxRecordSpan = kRecordHeaderSize + kMaxPayload;
// A page must hold its header and at least one record of the largest size.
constexpr std::size_t kMinPageSize = 1024;

constexpr std::size_t align_up(std::size_t n) {
  return (n + kAlign - 1) / kAlign * kAlign;
}
constexpr std::size_t record_span(std::size_t payload_size) {
  return align_up(kRecordHeaderSize + payload_size);
}

struct PageHeader {
  std::uint32_t counter = 0;
  std::uint64_t epoch = 0;
  std::uint64_t first_seq = 0;
};

struct RecordHeader {
  std::uint16_t size = 0;
  std::uint16_t kind = 0;
  std::uint32_t crc = 0;
  std::uint64_t seq = 0;
};

constexpr std::uint16_t kRecordEvent = 1;
constexpr std::uint16_t kRecordReleaseMark = 2;

void encode_page_header(const PageHeader& h, std::uint8_t* out);
// False unless magic, version and CRC hold.
bool decode_page_header(const std::uint8_t* in, PageHeader& h);

// Writes header, payload and erased padding: record_span(size) bytes.
void encode_record(std::uint16_t kind, std::uint64_t seq, const void* payload, std::uint16_t size,
                   std::uint8_t* out);
// Reads the header fields; false if they cannot belong to a record.
bool decode_record_header(const std::uint8_t* in, RecordHeader& h);
bool record_crc_ok(const RecordHeader& h, const std::uint8_t* payload);

bool is_erased(const std::uint8_t* data, std::size_t size);

}  // namespace vigie::fw::journal_layout
