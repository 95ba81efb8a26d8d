// The wall clock's reading, in the milliseconds every timestamp of Vigie uses.
// Code that must be tested without it takes an engine::WallClock instead.
#pragma once

#include <chrono>

#include "domain/event.hpp"

namespace vigie {

inline TimestampMs wall_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace vigie
