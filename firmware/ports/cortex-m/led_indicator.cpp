#include "led_indicator.hpp"

#include <cstddef>

namespace vigie::board {
namespace {

constexpr std::size_t kDisplayChars = 64;  // one line of a small desk display

volatile bool g_led_on = false;
volatile char g_display[kDisplayChars + 1];

}  // namespace

void LedIndicator::nudge(const char* agent, const char* criterion, const char* text) {
  (void)agent;  // a desk unit serves one agent; the bridge would route by it
  std::size_t n = 0;
  for (const char* p = criterion; *p != '\0' && n < kDisplayChars; ++p) g_display[n++] = *p;
  if (n < kDisplayChars) g_display[n++] = ' ';
  for (const char* p = text; *p != '\0' && n < kDisplayChars; ++p) g_display[n++] = *p;
  g_display[n] = '\0';
  g_led_on = true;
}

}  // namespace vigie::board
