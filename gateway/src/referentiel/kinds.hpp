// The criterion kinds Vigie computes, each with its parameters (name, type,
// default, documentation) declared in one table. The loader validates every
// criterion against it, `vigie referentiel check` reports from it, and the
// engine reads parameters by the names declared here.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "referentiel/param.hpp"

namespace vigie::referentiel {

// What a criterion is about: the `subject` of its alerts.
enum class Scope { agent, team, zone, node };
const char* to_string(Scope s);

struct ParamSpec {
  std::string_view name;
  ParamType type;
  std::string_view default_value;  // as written in YAML (lists comma-separated); empty: required
  std::string_view doc;
  std::string_view choices = {};  // space-separated words, for choice and choices
};

struct KindSpec {
  std::string_view name;
  Scope scope;
  bool preventive;  // accepts `due_before` (a predicted breach can be announced)
  std::string_view doc;
  std::span<const ParamSpec> params;
};

std::span<const KindSpec> kinds();
const KindSpec* find_kind(std::string_view name);
const ParamSpec* find_param(const KindSpec& kind, std::string_view name);

// The table as text: each kind, its scope, and its parameters with type,
// default and documentation (what `vigie referentiel check` shows).
std::string describe_kinds();

}  // namespace vigie::referentiel
