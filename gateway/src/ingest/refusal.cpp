#include "ingest/refusal.hpp"

namespace vigie::ingest {

const char* label(RefusalKind kind) {
  switch (kind) {
    case RefusalKind::invalid:
      return "invalid";
    case RefusalKind::payload_too_large:
      return "payload_too_large";
    case RefusalKind::nesting_too_deep:
      return "nesting_too_deep";
    case RefusalKind::batch_too_large:
      return "batch_too_large";
    case RefusalKind::string_too_long:
      return "string_too_long";
    case RefusalKind::too_many_nodes:
      return "too_many_nodes";
    case RefusalKind::too_many_agents:
      return "too_many_agents";
    case RefusalKind::agent_quota:
      return "agent_quota";
  }
  return "invalid";
}

void RefusalCounts::render(std::ostream& out) const {
  out << "# HELP vigie_refused_total Messages and events refused (and quarantined) for passing "
         "a bound.\n# TYPE vigie_refused_total counter\n";
  for (std::size_t i = 1; i < kRefusalKinds; ++i) {
    const auto kind = static_cast<RefusalKind>(i);
    out << "vigie_refused_total{reason=\"" << label(kind) << "\"} " << value(kind) << '\n';
  }
}

}  // namespace vigie::ingest
