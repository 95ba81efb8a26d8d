// The ports: what the core needs from a board, injected at build time as
// template parameters (no virtual calls, no heap). A build names its backends
// in one traits struct, as ports/posix and ports/cortex-m do:
//
//   struct MyPorts {
//     using Clock = ...;      // std::int64_t now_ms();  UTC ms, for ts and timers
//     using Transport = ...;  // see below
//     using Flash = ...;      // see below
//     using Indicator = ...;  // see below
//     static constexpr std::size_t kJournalPages = ...;  // >= Flash page_count
//     static constexpr std::size_t kBatchBytes = ...;    // one evt payload, <= 256 KiB
//   };
//
// Transport (an MQTT client):
//   bool publish(const char* topic, const std::uint8_t* payload, std::size_t size,
//                int qos, bool retained);
//       Queues one message; false if it cannot now (not connected, queue full).
//       The session retries later: nothing is lost, the journal still holds it.
//       The session reuses `payload` once this returns: copy or send it first.
//   bool connected() const;
//   The transport subscribes to the session's ack and cmd topics on every
//   connect, sets the Will from will_payload(), and calls the session's
//   on_connected(), on_disconnected() and on_message() from the thread that
//   calls tick(): the session is not thread-safe.
//
// Flash (page-erasable storage, NOR semantics: erased bytes read 0xFF, program
// only clears bits). Offsets are relative to the start of the journal region:
//   FlashGeometry geometry() const;
//   bool read(std::uint32_t offset, void* out, std::size_t size);
//   bool program(std::uint32_t offset, const void* data, std::size_t size);
//       offset and size are multiples of 8 (kJournalAlign): every program unit
//       up to 8 bytes (e.g. STM32L4 double words) is written once per erase.
//   bool erase_page(std::uint32_t page);
//   bool sync();
//       Makes every program and erase so far durable. A NOR flash is durable
//       as it programs (return true); a file needs fdatasync. The session
//       syncs before anything leaves the node, so a seq the gateway has seen
//       can never be lost and reused by a crash.
//
// Indicator (the desk's nudge display):
//   void nudge(const char* agent, const char* criterion, const char* text);
#pragma once

#include <cstdint>

namespace vigie::fw {

struct FlashGeometry {
  std::uint32_t page_size = 0;   // bytes, a multiple of 8
  std::uint32_t page_count = 0;  // at least 2
};

}  // namespace vigie::fw
