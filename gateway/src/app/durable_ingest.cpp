#include "app/durable_ingest.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace vigie::app {

void ingest_durably(ingest::Ingestor& ingestor, const std::string& topic,
                    const std::string& payload, const std::atomic<bool>& stopping) {
  using namespace std::chrono;
  constexpr auto kReportEvery = seconds(30);
  constexpr auto kLongestWait = seconds(2);
  auto wait = milliseconds(100);
  auto next_report = steady_clock::now();
  for (long attempt = 1;; ++attempt) {
    std::string reason;
    try {
      ingestor.on_message(topic, payload);
      if (attempt > 1)
        std::cerr << "vigie: store: writable again; the message on " << topic << " is stored after "
                  << attempt << " attempts and acknowledged" << std::endl;
      return;
    } catch (const std::exception& e) {
      reason = e.what();
    } catch (...) {
      reason = "unknown error";
    }
    if (steady_clock::now() >= next_report) {
      std::cerr << "vigie: store: commit failed (attempt " << attempt << ") for " << topic << ": "
                << reason
                << "; the message stays unacknowledged with the broker and is retried;"
                   " /healthz reports 503 until the store takes it"
                << std::endl;
      next_report = steady_clock::now() + kReportEvery;
    }
    // Waits in short steps so that a stop request is seen at once.
    const auto until = steady_clock::now() + wait;
    while (steady_clock::now() < until) {
      if (stopping) {
        std::cerr << "vigie: store: stopping with the message on " << topic
                  << " not stored; exiting without acknowledging it (the broker delivers it again)"
                  << std::endl;
        std::_Exit(75);
      }
      std::this_thread::sleep_for(milliseconds(50));
    }
    wait =
        std::min(duration_cast<milliseconds>(wait * 2), duration_cast<milliseconds>(kLongestWait));
  }
}

}  // namespace vigie::app
