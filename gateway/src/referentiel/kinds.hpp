// The criterion kinds Vigie computes (kind.hpp), each with its parameters
// (name, type, default, documentation) and its checks declared in one table. The loader validates
// every criterion against it, `vigie referentiel check` reports from it, and the engine reads
// parameters by the names declared here.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "referentiel/kind.hpp"
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

struct ActiveCriterion;

// Values each valid alone that make no sense together (a window ending before it
// starts...): why, or nullopt.
using ClashCheck = std::optional<std::string> (*)(const ActiveCriterion&);

struct KindSpec {
  Kind kind;
  std::string_view name;
  Scope scope;
  bool preventive;  // accepts `due_before` (a predicted breach can be announced)
  std::string_view doc;
  std::span<const ParamSpec> params;
  ClashCheck clash = nullptr;  // none: each value alone is enough
};

std::span<const KindSpec> kinds();
const KindSpec& kind_spec(Kind kind);
const KindSpec* find_kind(std::string_view name);
const ParamSpec* find_param(const KindSpec& kind, std::string_view name);

// The table as text: each kind, its scope, and its parameters with type,
// default and documentation (what `vigie referentiel check` shows).
std::string describe_kinds();

}  // namespace vigie::referentiel
