// Test doubles for the firmware ports: a NOR flash that can lose power at any
// write step, a settable clock, a recording transport and indicator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/ports.hpp"

namespace vigie::fw::testing {

// Erased bytes read 0xFF; program clears bits (AND). A "write step" is one
// program or erase call. After arm_cut(k), k steps complete, the next one is
// torn as `tear` says and every later call fails, as if power went away.
class FakeFlash {
 public:
  enum class Tear {
    none,       // the cut step changes nothing
    half,       // the first half of the bytes (or of the page) reach the flash
    all,        // the step completes but the caller never hears it
    back_half,  // only the second half lands (a controller that buffers out of order)
    scattered   // random bytes of the range are affected
  };

  FakeFlash(std::uint32_t page_size, std::uint32_t page_count)
      : geometry_{page_size, page_count}, memory_(std::size_t{page_size} * page_count, 0xFF) {}

  FlashGeometry geometry() const { return geometry_; }

  bool read(std::uint32_t offset, void* out, std::size_t size) {
    if (powered_off_ || offset + size > memory_.size()) return false;
    std::memcpy(out, memory_.data() + offset, size);
    return true;
  }

  bool program(std::uint32_t offset, const void* data, std::size_t size) {
    if (powered_off_ || offset % 8 != 0 || size % 8 != 0 || offset + size > memory_.size())
      return false;
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    const bool cut = take_step();
    const std::size_t reach = cut ? torn_length(size) : size;
    for (std::size_t i = 0; i < size; ++i) {
      std::uint8_t& cell = memory_[offset + i];
      if (cut && tear_ == Tear::scattered) {
        if (rng_() % 2 == 0) cell &= static_cast<std::uint8_t>(rng_());  // undefined bits
        continue;
      }
      if (!lands(i, reach, size)) continue;
      if (cell != 0xFF && bytes[i] != 0xFF && bytes[i] != cell) ++overwrites_;
      cell &= bytes[i];
    }
    if (cut) powered_off_ = !glitch_only_;
    glitch_only_ = false;
    ++programs_;
    return !cut;
  }

  bool erase_page(std::uint32_t page) {
    if (powered_off_ || page >= geometry_.page_count) return false;
    const std::size_t base = std::size_t{page} * geometry_.page_size;
    const bool cut = take_step();
    const std::size_t reach = cut ? torn_length(geometry_.page_size) : geometry_.page_size;
    for (std::size_t i = 0; i < geometry_.page_size; ++i) {
      const bool hit =
          cut && tear_ == Tear::scattered ? rng_() % 2 == 0 : lands(i, reach, geometry_.page_size);
      if (hit) memory_[base + i] = 0xFF;
    }
    if (cut) powered_off_ = !glitch_only_;
    glitch_only_ = false;
    ++erases_;
    return !cut;
  }

  // NOR programs durably: nothing to do but count, and fail without power.
  bool sync() {
    ++syncs_;
    return !powered_off_;
  }

  void arm_cut(std::uint64_t steps_before_cut, Tear tear, std::uint32_t seed = 1) {
    cut_armed_ = true;
    steps_left_ = steps_before_cut;
    tear_ = tear;
    rng_.seed(seed);
  }
  // The next write step is torn and reports failure, but power stays on: a
  // flash error the journal lives with.
  void arm_glitch(Tear tear) {
    arm_cut(0, tear);
    glitch_only_ = true;
  }
  void power_on() {
    powered_off_ = false;
    cut_armed_ = false;
  }
  bool powered_off() const { return powered_off_; }

  // Makes every later call fail (or succeed again) without tearing anything.
  void set_failing(bool failing) { powered_off_ = failing; }

  std::uint64_t steps() const { return programs_ + erases_; }
  std::uint64_t programs() const { return programs_; }
  std::uint64_t erases() const { return erases_; }
  std::uint64_t syncs() const { return syncs_; }
  // Bits a program asked to set back to 1 or to change twice: a journal bug.
  std::uint64_t overwrites() const { return overwrites_; }
  std::vector<std::uint8_t>& memory() { return memory_; }

 private:
  bool take_step() {
    if (!cut_armed_) return false;
    if (steps_left_ == 0) {
      cut_armed_ = false;
      return true;
    }
    --steps_left_;
    return false;
  }

  // Whether byte i of a step of `size` bytes, of which `reach` land, is written.
  bool lands(std::size_t i, std::size_t reach, std::size_t size) const {
    if (reach == size) return true;
    return tear_ == Tear::back_half ? i >= size - reach : i < reach;
  }

  std::size_t torn_length(std::size_t size) const {
    switch (tear_) {
      case Tear::none:
      case Tear::scattered:
        return 0;
      case Tear::half:
      case Tear::back_half:
        return size / 2;
      case Tear::all:
        return size;
    }
    return 0;
  }

  FlashGeometry geometry_;
  std::vector<std::uint8_t> memory_;
  bool powered_off_ = false;
  bool cut_armed_ = false;
  bool glitch_only_ = false;
  std::uint64_t steps_left_ = 0;
  Tear tear_ = Tear::none;
  std::mt19937 rng_{1};
  std::uint64_t programs_ = 0, erases_ = 0, overwrites_ = 0, syncs_ = 0;
};

class FakeClock {
 public:
  std::int64_t now_ms() const { return now_; }
  void set(std::int64_t ms) { now_ = ms; }
  void advance(std::int64_t ms) { now_ += ms; }

 private:
  std::int64_t now_ = 1764489600000;  // 2025-11-30T08:00:00Z
};

struct Publication {
  std::string topic;
  std::string payload;
  int qos;
  bool retained;
};

class FakeTransport {
 public:
  bool publish(const char* topic, const std::uint8_t* payload, std::size_t size, int qos,
               bool retained) {
    if (!connected_ || refuse_) return false;
    published.push_back(
        {topic, std::string(reinterpret_cast<const char*>(payload), size), qos, retained});
    return true;
  }
  bool connected() const { return connected_; }

  void set_connected(bool c) { connected_ = c; }
  void set_refusing(bool r) { refuse_ = r; }

  std::vector<Publication> published;

 private:
  bool connected_ = false;
  bool refuse_ = false;
};

struct Nudge {
  std::string agent, criterion, text;
};

class FakeIndicator {
 public:
  void nudge(const char* agent, const char* criterion, const char* text) {
    nudges.push_back({agent, criterion, text});
  }
  std::vector<Nudge> nudges;
};

}  // namespace vigie::fw::testing
