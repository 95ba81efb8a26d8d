// How the gateway hands a broker message to ingest: Paho acknowledges the
// message to the broker only when the handler returns (perf-arch.md sec. 2.1),
// so the handler says whether the message is committed, and the link keeps a
// refused one unacknowledged (broker/mqtt_link).
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "ingest/ingestor.hpp"

namespace vigie::ingest {

class DurableIngest {
 public:
  // Each message gets up to BUDGET of retries while the store refuses it (a lock held a
  // moment, a transient I/O error), short enough to keep Paho's keepalive.
  explicit DurableIngest(Ingestor& ingestor,
                         std::chrono::milliseconds budget = std::chrono::seconds(2))
      : ingestor_(ingestor), budget_(budget) {}

  // True once the message is committed. False if the store still refuses it (disk
  // full, read-only, I/O error), logged when it starts failing, every 30 s while it
  // fails, and when it recovers; /healthz says 503 meanwhile (IngestMetrics).
  bool commit(const std::string& topic, const std::string& payload);

 private:
  Ingestor& ingestor_;
  std::chrono::milliseconds budget_;
  std::mutex mu_;  // the Paho thread and the link's own thread both call commit()
  std::chrono::steady_clock::time_point next_report_{};
  long failures_ = 0;  // commits refused since the store last took one
};

}  // namespace vigie::ingest
