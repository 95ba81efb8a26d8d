// What ingest counts, as /healthz shows it: a plain value, read by the API.
#pragma once

#include <cstdint>

namespace vigie::ingest {

struct IngestStats {
  std::uint64_t events_received = 0;
  std::uint64_t events_stored = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t quarantined = 0;
  std::uint64_t gaps = 0;
  std::uint64_t nodes_online = 0;
  std::uint64_t nodes_total = 0;
};

}  // namespace vigie::ingest
