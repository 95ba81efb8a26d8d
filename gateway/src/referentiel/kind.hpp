// The criterion kinds Vigie computes, as an enumeration, and the one way to
// build a table with an entry per kind: by_kind(). The référentiel's table
// (kinds.hpp: parameters, checks) and the engine's (engine/kinds/registry.hpp:
// threshold and unit, rule, history, aggregation) are both built with it, so a
// kind added here and left out of either is a compile error, not a string
// that some if-chain forgot.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace vigie::referentiel {

// In the order of the tables' entries. `count` is no kind: the number of them.
enum class Kind : std::uint8_t {
  work_until_pause,
  work_run,
  pause_in_window,
  occupancy,
  recovery_after_tag,
  work_sum,
  work_average,
  rest_in_window,
  amplitude,
  notice,
  level,
  incident,
  node_lost,
  data_gap,
  node_refused,
  count
};
inline constexpr std::size_t kKindCount = static_cast<std::size_t>(Kind::count);

constexpr std::size_t index_of(Kind k) {
  return static_cast<std::size_t>(k);
}

// ENTRIES (each with a member `kind`) as a table indexed by Kind: one entry per kind, in the
// order of the enumeration. A kind left out does not compile (the static_assert); one
// repeated or out of order does not either (a consteval function that throws is no
// constant expression).
template <typename Entry, std::size_t N>
consteval std::array<Entry, kKindCount> by_kind(const std::array<Entry, N>& entries) {
  static_assert(N == kKindCount, "every criterion kind needs its entry in the table");
  for (std::size_t i = 0; i < N; ++i)
    if (index_of(entries[i].kind) != i)
      throw "each criterion kind's entry in the order of enum Kind, once";
  return entries;
}

}  // namespace vigie::referentiel
