// A criterion parameter as written in the referentiel: its type, and a typed
// value parsed from YAML text. Durations carry a unit ("20min", "11h", "7d") so
// that a quality manager never guesses whether 360 means minutes or seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/duration.hpp"

namespace vigie::referentiel {

enum class ParamType {
  duration,     // "90s", "20min", "13h", "7d", "1h30min"; stored in ms
  time_of_day,  // "11:00" local; stored in ms after midnight
  number,       // a real number (dB, ...)
  percent,      // 0..100, written 85 or "85%"
  integer,      // a whole number >= 1
  states,       // a list of agent.state names (contract sec. 3.2)
  tags,         // a list of call.tag names
  choice,       // one word out of the spec's `choices`
  choices,      // an ordered list of words out of `choices`
};

const char* to_string(ParamType t);

struct ParamValue {
  ParamType type = ParamType::number;
  std::int64_t ms = 0;            // duration, time_of_day
  double number = 0;              // number, percent
  std::int64_t integer = 0;       // integer
  std::string word;               // choice
  std::vector<std::string> list;  // states, tags, choices

  bool operator==(const ParamValue&) const = default;
};

// Durations: parse_duration and format_duration (domain/duration.hpp).
// "HH:MM" or "HH:MM:SS", 00:00 to 24:00.
std::optional<std::int64_t> parse_time_of_day(std::string_view text);
std::string format_time_of_day(std::int64_t ms);

// The canonical text of a value, as shown in alerts and `referentiel check`.
std::string to_text(const ParamValue& v);

// Parses a scalar-typed value. `choices` is a space-separated word list (choice
// types only). Returns the value or sets `error` to why not.
std::optional<ParamValue> parse_scalar_param(ParamType type, std::string_view text,
                                             std::string_view choices, std::string& error);
// Parses a list-typed value (states, tags, choices).
std::optional<ParamValue> parse_list_param(ParamType type, const std::vector<std::string>& items,
                                           std::string_view choices, std::string& error);
bool is_list_type(ParamType type);

}  // namespace vigie::referentiel
