#include "referentiel/referentiel.hpp"

#include <stdexcept>
#include <string>

namespace vigie::referentiel {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::critical:
      return "critical";
    case Severity::major:
      return "major";
    case Severity::minor:
      return "minor";
    case Severity::info:
      return "info";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view s) {
  for (auto v : {Severity::critical, Severity::major, Severity::minor, Severity::info})
    if (s == to_string(v)) return v;
  return std::nullopt;
}

double default_target(Severity s) {
  switch (s) {
    case Severity::critical:
      return 1.0;
    case Severity::major:
      return 0.95;
    case Severity::minor:
      return 0.9;
    case Severity::info:
      return 0.8;
  }
  return 0.95;
}

std::optional<double> parse_target(std::string_view s) {
  // The one grammar of percentages in a référentiel: the parameters' own.
  std::string error;
  const auto v = parse_scalar_param(ParamType::percent, s, "", error);
  if (!v) return std::nullopt;
  return v->number / 100.0;
}

const char* to_string(Basis b) {
  switch (b) {
    case Basis::statute:
      return "L";
    case Basis::branch:
      return "B";
    case Basis::good_practice:
      return "GP";
    case Basis::system:
      return "SYS";
  }
  return "?";
}

std::optional<Basis> parse_basis(std::string_view s) {
  for (auto v : {Basis::statute, Basis::branch, Basis::good_practice, Basis::system})
    if (s == to_string(v)) return v;
  return std::nullopt;
}

const Criterion* Referentiel::find(std::string_view id) const {
  for (const auto& c : criteria)
    if (c.id == id) return &c;
  return nullptr;
}

bool Referentiel::has_profile(std::string_view name) const {
  for (const auto& p : profiles)
    if (p.name == name) return true;
  return false;
}

const ActiveCriterion* ActiveReferentiel::find(std::string_view id) const {
  for (const auto& c : criteria)
    if (c.id == id) return &c;
  return nullptr;
}

const ParamValue& ActiveCriterion::get(std::string_view name) const {
  auto it = params.find(name);
  if (it == params.end())
    throw std::logic_error(id + ": parameter '" + std::string(name) + "' is not in force");
  return it->second;
}

std::int64_t ActiveCriterion::duration(std::string_view name) const {
  return get(name).ms;
}
std::int64_t ActiveCriterion::time_of_day(std::string_view name) const {
  return get(name).ms;
}
double ActiveCriterion::number(std::string_view name) const {
  return get(name).number;
}
std::int64_t ActiveCriterion::integer(std::string_view name) const {
  return get(name).integer;
}
const std::string& ActiveCriterion::word(std::string_view name) const {
  return get(name).word;
}
const std::vector<std::string>& ActiveCriterion::list(std::string_view name) const {
  return get(name).list;
}

}  // namespace vigie::referentiel
