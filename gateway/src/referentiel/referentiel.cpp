#include "referentiel/referentiel.hpp"

#include <iterator>
#include <stdexcept>
#include <string>

#include "domain/names.hpp"

namespace vigie::referentiel {

namespace {

constexpr const char* kSeverities[] = {"critical", "major", "minor", "info"};
static_assert(names_every(kSeverities, Severity::info));
// The compliance rate to reach when the référentiel names none, by severity.
constexpr double kDefaultTargets[] = {1.0, 0.95, 0.9, 0.8};
constexpr const char* kBases[] = {"L", "B", "GP", "SYS"};
static_assert(names_every(kBases, Basis::system));

}  // namespace

const char* to_string(Severity s) {
  return name_of(kSeverities, s);
}

std::optional<Severity> parse_severity(std::string_view s) {
  return lookup<Severity>(kSeverities, s);
}

double default_target(Severity s) {
  const auto i = static_cast<std::size_t>(s);
  return i < std::size(kDefaultTargets) ? kDefaultTargets[i] : 0.95;
}

std::optional<double> parse_target(std::string_view s) {
  // The one grammar of percentages in a référentiel: the parameters' own.
  std::string error;
  const auto v = parse_scalar_param(ParamType::percent, s, "", error);
  if (!v) return std::nullopt;
  return v->number / 100.0;
}

const char* to_string(Basis b) {
  return name_of(kBases, b);
}

std::optional<Basis> parse_basis(std::string_view s) {
  return lookup<Basis>(kBases, s);
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
