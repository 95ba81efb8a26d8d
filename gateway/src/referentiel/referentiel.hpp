// The referentiel as data: criteria, profiles, the time model and the state
// mapping, as read from a YAML file (loader.hpp), and the set in force for one
// site once a profile and the site's overrides are applied (resolve.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "referentiel/kinds.hpp"
#include "referentiel/param.hpp"
#include "referentiel/state_mapping.hpp"

namespace vigie::referentiel {

enum class Severity { critical, major, minor, info };
const char* to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

// The compliance rate a criterion should reach over a period (0..1) when the référentiel
// sets none: by severity, a critical criterion admits no unjustified breach.
double default_target(Severity s);
// A percentage as the parameters write it ("95%", 95, 99.5) as a ratio (0.95); nullopt for
// anything else, or outside 0..100.
std::optional<double> parse_target(std::string_view s);

// L statute (Code du travail), B branch agreement, GP good practice, SYS the
// completeness of Vigie's own data.
enum class Basis { statute, branch, good_practice, system };
const char* to_string(Basis b);  // "L", "B", "GP", "SYS"
std::optional<Basis> parse_basis(std::string_view s);

using Params = std::map<std::string, ParamValue, std::less<>>;

// Where something was written, for messages that point at it.
struct SourceMark {
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;
};

struct Criterion {
  std::string id;  // "BRK-01"
  std::string title;
  Basis basis = Basis::statute;
  std::vector<std::string> sources;  // "L.3121-16", "Cass. soc. 20/02/2013 n°11-28.612"
  std::string kind;                  // a name of kinds()
  Scope scope = Scope::agent;
  Severity severity = Severity::major;
  std::optional<std::int64_t> due_before;        // ms; absent: no preventive notice
  std::optional<double> target;                  // 0..1; absent: default_target(severity)
  std::vector<std::string> profiles;             // profiles the criterion belongs to
  Params params;                                 // as written (defaults not filled in)
  std::map<std::string, Params> profile_params;  // per profile, on top of params
  SourceMark mark;
};

// The shared notions of the spec's time model; a site may change them.
struct TimeModel {
  std::int64_t shift_gap = 3 * 3600 * 1000;  // interruptions shorter join a shift
  std::int64_t silence = 10 * 1000;          // a node silent this long ...
  std::int64_t lateness = 5 * 1000;          // ... has its clock follow wall clock minus this
  bool operator==(const TimeModel&) const = default;
};

struct Profile {
  std::string name;
  std::string title;
};

struct CriterionOverride {
  std::optional<bool> enabled;
  std::optional<Severity> severity;
  std::optional<std::optional<std::int64_t>> due_before;  // set to nullopt: no notice
  std::optional<double> target;
  Params params;
  SourceMark mark;
};

// What one site changes on top of its profile.
struct SiteOverrides {
  std::map<std::string, CriterionOverride, std::less<>> criteria;
  std::map<AgentState, Activity> states;  // not_ready excluded
  std::map<NotReadyReason, Activity> reasons;
  std::optional<std::int64_t> shift_gap;
  std::optional<std::int64_t> silence;
  std::optional<std::int64_t> lateness;
};

struct Referentiel {
  std::string source;  // the file (or name) it was read from
  std::string name;    // "vigie-fr-default"
  std::string version;
  std::string default_profile;
  std::vector<Profile> profiles;
  TimeModel time_model;
  StateMapping mapping = StateMapping::contract_default();
  std::vector<Criterion> criteria;
  std::map<std::string, SiteOverrides, std::less<>> sites;

  const Criterion* find(std::string_view id) const;
  bool has_profile(std::string_view name) const;
};

// A criterion as it is in force: every parameter present, defaults filled in.
struct ActiveCriterion {
  std::string id;
  std::string title;
  Basis basis = Basis::statute;
  std::vector<std::string> sources;
  std::string kind;
  Scope scope = Scope::agent;
  Severity severity = Severity::major;
  std::optional<std::int64_t> due_before;
  std::optional<double> target;  // as written; target_rate() fills in the default
  Params params;

  // The compliance rate to reach: the référentiel's target, else by severity.
  double target_rate() const { return target ? *target : default_target(severity); }

  // Typed access to a parameter the kind declares; throws std::logic_error
  // when the name is not declared (a bug in the engine, not in the file).
  std::int64_t duration(std::string_view name) const;
  std::int64_t time_of_day(std::string_view name) const;
  double number(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  const std::string& word(std::string_view name) const;
  const std::vector<std::string>& list(std::string_view name) const;

 private:
  const ParamValue& get(std::string_view name) const;
};

struct ActiveReferentiel {
  std::string name;
  std::string version;
  std::string profile;
  std::string site;
  TimeModel time_model;
  StateMapping mapping = StateMapping::contract_default();
  std::vector<ActiveCriterion> criteria;

  const ActiveCriterion* find(std::string_view id) const;
};

}  // namespace vigie::referentiel
