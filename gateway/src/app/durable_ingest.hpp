// How the gateway hands a broker message to ingest: Paho acknowledges the
// message to the broker only when the handler returns (perf-arch.md sec. 2.1),
// so the handler returns only once the message is committed.
#pragma once

#include <atomic>
#include <string>

#include "ingest/ingestor.hpp"

namespace vigie::app {

// Commits the message, retrying while the store refuses (disk full, read-only,
// I/O error) with a log line when it starts failing, every 30 s while it
// fails, and when it recovers; /healthz says 503 meanwhile (IngestMetrics).
// The broker keeps this message and the session's next ones unacknowledged.
// If STOPPING is set while the store still refuses, the process ends at once
// without acknowledging (exit 75): the broker delivers the message again later.
void ingest_durably(ingest::Ingestor& ingestor, const std::string& topic,
                    const std::string& payload, const std::atomic<bool>& stopping);

}  // namespace vigie::app
