// Builds one `evt` payload (contract sec. 3.2) in a fixed buffer, event by
// event, refusing an event that would not fit rather than overflowing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/event.hpp"
#include "core/json_writer.hpp"

namespace vigie::fw {

class BatchEncoder {
 public:
  // The envelope around the events, with the longest node ID.
  static constexpr std::size_t kEnvelopeMax = 64 + kIdMax + kEpochChars;

  BatchEncoder(char* buffer, std::size_t capacity) : json_(buffer, capacity) {}

  // Opens {"v":1,"node":..,"epoch":..,"events":[
  void begin(const Id& node, std::uint64_t epoch);
  // Adds one event; false (and nothing added) if it does not fit.
  bool add(std::uint64_t seq, const Event& event);
  // Closes the batch and returns its size; 0 if it holds no event.
  std::size_t finish();

  std::size_t count() const { return count_; }
  const char* data() const { return json_.data(); }

 private:
  static constexpr std::size_t kClosing = 2;  // "]}"
  JsonWriter json_;
  std::size_t count_ = 0;
};

}  // namespace vigie::fw
