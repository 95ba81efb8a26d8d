// The gateway's wall clock, injected so that "six hours without a pause" is
// tested in microseconds and `vigie replay` can run without one.
#pragma once

#include <cstdint>
#include <limits>

#include "domain/event.hpp"
#include "domain/wall_now.hpp"

namespace vigie::engine {

// Sentinels for "no such instant": before all time, and never.
constexpr TimestampMs kBeforeTime = std::numeric_limits<TimestampMs>::min();
constexpr TimestampMs kNever = std::numeric_limits<TimestampMs>::max();

class WallClock {
 public:
  virtual ~WallClock() = default;
  virtual TimestampMs now() const = 0;
};

class SystemClock final : public WallClock {
 public:
  TimestampMs now() const override { return wall_now(); }
};

// A clock tests set by hand.
class ManualClock final : public WallClock {
 public:
  explicit ManualClock(TimestampMs t = 0) : t_(t) {}
  TimestampMs now() const override { return t_; }
  void set(TimestampMs t) { t_ = t; }
  void advance(TimestampMs ms) { t_ += ms; }

 private:
  TimestampMs t_;
};

}  // namespace vigie::engine
