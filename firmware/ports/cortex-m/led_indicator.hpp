// The desk unit's nudge display: an LED and a short text line (stubbed as
// memory a display driver would scan out).
#pragma once

namespace vigie::board {

class LedIndicator {
 public:
  void nudge(const char* agent, const char* criterion, const char* text);
};

}  // namespace vigie::board
