// An enumeration's words as one array in the enumeration's order: the word of
// a value, and the value of a word. Every enumeration written in a file, on the
// wire or in a metric keeps its words so (the contract's, the référentiel's,
// the roles, the refusals), never in a switch beside a parser.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vigie {

// WORDS[V], or OTHERWISE for a value past the end.
template <typename E, std::size_t N>
constexpr const char* name_of(const char* const (&words)[N], E v, const char* otherwise = "?") {
  const auto i = static_cast<std::size_t>(v);
  return i < N ? words[i] : otherwise;
}

// The value whose word is S.
template <typename E, std::size_t N>
constexpr std::optional<E> lookup(const char* const (&words)[N], std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == words[i]) return static_cast<E>(i);
  return std::nullopt;
}

// Whether WORDS has a word for each value of E up to LAST.
template <typename E, std::size_t N>
constexpr bool names_every(const char* const (&)[N], E last) {
  return static_cast<std::size_t>(last) + 1 == N;
}

}  // namespace vigie
