#include "ingest/refusal.hpp"

#include "domain/names.hpp"

namespace vigie::ingest {

const char* label(RefusalKind kind) {
  static constexpr const char* kLabels[] = {
      "invalid",         "payload_too_large", "nesting_too_deep", "batch_too_large",
      "string_too_long", "too_many_nodes",    "too_many_agents",  "agent_quota"};
  static_assert(names_every(kLabels, RefusalKind::agent_quota));
  return name_of(kLabels, kind, "invalid");
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
