// What the HTTP API reads of the running gateway. The app implements it over
// ingest's metrics; the API knows nothing of MQTT or SQLite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ingest/ingest_stats.hpp"

namespace vigie::api {

// Whether per-agent monitoring may run (the config's governance dates).
struct GovernanceStatus {
  bool complete = false;
  std::vector<std::string> missing;  // e.g. "dpia_done"
};

using ingest::IngestStats;

// The outbox of facts for the group's central database (issue 18), when one is configured.
struct OutboxHealth {
  std::int64_t depth = 0;
  double oldest_age_seconds = 0;
  bool central_connected = false;
  std::string last_error;  // empty once shipping succeeds
};

// The site the gateway serves and its IANA time zone: the dashboard shows every time and
// date in it, whatever the browser's zone.
struct SiteClock {
  std::string site;
  std::string timezone;  // "Europe/Paris"
};

class GatewayStatus {
 public:
  virtual ~GatewayStatus() = default;
  // Thread-safe: called from the HTTP thread while ingest runs.
  virtual IngestStats stats() const = 0;
  virtual bool broker_connected() const = 0;
  virtual bool store_writable() const = 0;
  // Why the store refused its last commit (SQLite's message); empty when writable.
  virtual std::string store_error() const { return {}; }
  // The whole /metrics body, Prometheus text exposition format 0.0.4.
  virtual std::string prometheus_text() const = 0;
  // Reported in /healthz when set; unset, /healthz says nothing of it.
  virtual std::optional<GovernanceStatus> governance() const { return std::nullopt; }
  // Reported in /healthz to a token holder when set.
  virtual std::optional<SiteClock> site() const { return std::nullopt; }
  // Reported in /healthz details when set. A backlog is not a fault: a site works alone.
  virtual std::optional<OutboxHealth> outbox() const { return std::nullopt; }
};

}  // namespace vigie::api
