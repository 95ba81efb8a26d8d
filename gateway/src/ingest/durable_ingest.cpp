#include "ingest/durable_ingest.hpp"

#include <algorithm>
#include <iostream>
#include <thread>

namespace vigie::ingest {

bool DurableIngest::commit(const std::string& topic, const std::string& payload) {
  using namespace std::chrono;
  std::lock_guard lock(mu_);
  const auto give_up_at = steady_clock::now() + budget_;
  auto wait = milliseconds(100);
  std::string reason;
  for (;;) {
    try {
      ingestor_.on_message(topic, payload);
      if (failures_ > 0)
        std::cerr << "vigie: store: writable again; the message on " << topic << " is stored after "
                  << failures_ << " refused commits and acknowledged; the broker's queue follows"
                  << std::endl;
      failures_ = 0;
      return true;
    } catch (const std::exception& e) {
      reason = e.what();
    } catch (...) {
      reason = "unknown error";
    }
    ++failures_;
    if (steady_clock::now() + wait > give_up_at) break;
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, milliseconds(1000));
  }
  if (steady_clock::now() >= next_report_) {
    std::cerr << "vigie: store: commit failed (" << failures_ << " refused so far) for " << topic
              << ": " << reason
              << "; the message stays unacknowledged with the broker, the gateway stays away"
                 " from the broker until the store takes it; /healthz reports 503 meanwhile"
              << std::endl;
    next_report_ = steady_clock::now() + seconds(30);
  }
  return false;
}

}  // namespace vigie::ingest
