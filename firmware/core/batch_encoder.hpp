// Builds one `evt` payload (contract sec. 3.2) in a fixed buffer, event by
// event, refusing an event that would not fit rather than overflowing. A batch
// may close with a watermark, "until" (sec. 3.4), and then may hold no event.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/event.hpp"
#include "core/json_writer.hpp"

namespace vigie::fw {

class BatchEncoder {
 public:
  // The envelope around the events, with the longest node ID and an "until".
  static constexpr std::size_t kEnvelopeMax = 80 + kIdMax + kEpochChars;

  BatchEncoder(char* buffer, std::size_t capacity) : json_(buffer, capacity) {}

  // Opens {"v":1,"node":..,"epoch":..,"events":[
  void begin(const Id& node, std::uint64_t epoch);
  // Adds one event; false (and nothing added) if it does not fit.
  bool add(std::uint64_t seq, const Event& event);
  // Closes the batch and returns its size; 0 if it holds no event.
  std::size_t finish();
  // Closes the batch with "until": T after the events and returns its size; an
  // empty batch is a watermark, so it is a payload too.
  std::size_t finish(std::int64_t until_ms);

  std::size_t count() const { return count_; }
  const char* data() const { return json_.data(); }

 private:
  // "]}", or "],"until":-9223372036854775808}" at worst.
  static constexpr std::size_t kClosing = 31;
  JsonWriter json_;
  std::size_t count_ = 0;
};

}  // namespace vigie::fw
