// The notifiers' counters for /metrics, one series per notifier configured.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigie::notify {

struct NotifierCounts {
  std::string notifier;  // "alertmanager", "webhook"
  std::uint64_t sent = 0, failures = 0, dropped = 0, held = 0;
};

std::string notify_prometheus_text(const std::vector<NotifierCounts>& notifiers);

}  // namespace vigie::notify
