// Why a message or an event was refused when it passed one of the gateway's
// bounds, and the count of each, for /metrics. A refusal that breaks no bound
// (bad JSON, a missing field...) is `invalid`: counted as quarantined only.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <ostream>

namespace vigie::ingest {

enum class RefusalKind {
  invalid,
  payload_too_large,
  nesting_too_deep,
  batch_too_large,
  string_too_long,
  too_many_nodes,
  too_many_agents,
  agent_quota,  // a node over its own quota of new agents (limits.agents_per_node, per minute)
};
inline constexpr std::size_t kRefusalKinds = 8;

// The metric label: "payload_too_large", ...
const char* label(RefusalKind kind);

class RefusalCounts {
 public:
  void count(RefusalKind kind) { counts_[index(kind)].fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t value(RefusalKind kind) const { return counts_[index(kind)].load(); }
  // vigie_refused_total{reason="..."} for every bound, zeros included.
  void render(std::ostream& out) const;

 private:
  static std::size_t index(RefusalKind kind) { return static_cast<std::size_t>(kind); }
  std::array<std::atomic<std::uint64_t>, kRefusalKinds> counts_{};
};

}  // namespace vigie::ingest
