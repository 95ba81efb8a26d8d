#include "referentiel/resolve.hpp"

#include <stdexcept>

namespace vigie::referentiel {
namespace {

void apply(const SiteOverrides& o, ActiveReferentiel& out, std::map<std::string, bool>& enabled,
           const Referentiel& ref) {
  for (auto [s, a] : o.states) out.mapping.set(s, a);
  for (auto [r, a] : o.reasons) out.mapping.set(r, a);
  if (o.shift_gap) out.time_model.shift_gap = *o.shift_gap;
  if (o.silence) out.time_model.silence = *o.silence;
  if (o.lateness) out.time_model.lateness = *o.lateness;
  for (const auto& [id, co] : o.criteria) {
    if (!ref.find(id)) continue;  // reported by the loader
    if (co.enabled) enabled[id] = *co.enabled;
    for (auto& c : out.criteria) {
      if (c.id != id) continue;
      if (co.severity) c.severity = *co.severity;
      if (co.due_before) c.due_before = *co.due_before;
      if (co.target) c.target = co.target;
      for (const auto& [name, v] : co.params) c.params[name] = v;
    }
  }
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    auto end = s.find(',', pos);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// Values each valid alone that make no sense together.
std::optional<std::string> clash(const ActiveCriterion& c) {
  for (const auto& [name, v] : c.params)
    if (v.type == ParamType::duration && v.ms <= 0)
      return "parameter '" + name + "' must be positive";
  const KindSpec* kind = find_kind(c.kind);
  return kind && kind->clash ? kind->clash(c) : std::nullopt;
}

}  // namespace

ParamValue default_value(const ParamSpec& spec) {
  std::string why;
  std::optional<ParamValue> v =
      is_list_type(spec.type)
          ? parse_list_param(spec.type, split_commas(spec.default_value), spec.choices, why)
          : parse_scalar_param(spec.type, spec.default_value, spec.choices, why);
  if (!v) throw std::logic_error("bad default for " + std::string(spec.name) + ": " + why);
  return *v;
}

ActiveReferentiel resolve(const Referentiel& ref, std::string_view profile, std::string_view site,
                          const SiteOverrides* extra) {
  std::vector<Diagnostic> errors;
  if (!ref.has_profile(profile))
    throw ReferentielError(
        {Diagnostic{ref.source, 0, 0, "unknown profile '" + std::string(profile) + "'"}});
  ActiveReferentiel out;
  out.name = ref.name;
  out.version = ref.version;
  out.profile = profile;
  out.site = site;
  out.time_model = ref.time_model;
  out.mapping = ref.mapping;

  std::map<std::string, bool> enabled;
  for (const auto& c : ref.criteria) {
    const KindSpec* kind = find_kind(c.kind);
    if (!kind) continue;  // reported by the loader
    bool member = false;
    for (const auto& p : c.profiles) member = member || p == profile;
    enabled[c.id] = member;
    ActiveCriterion a;
    a.id = c.id;
    a.title = c.title;
    a.basis = c.basis;
    a.sources = c.sources;
    a.kind = c.kind;
    a.scope = c.scope;
    a.severity = c.severity;
    a.due_before = c.due_before;
    a.target = c.target;
    for (const auto& spec : kind->params)
      if (!spec.default_value.empty() || is_list_type(spec.type))
        a.params[std::string(spec.name)] = default_value(spec);
    for (const auto& [name, v] : c.params) a.params[name] = v;
    if (auto it = c.profile_params.find(std::string(profile)); it != c.profile_params.end())
      for (const auto& [name, v] : it->second) a.params[name] = v;
    out.criteria.push_back(std::move(a));
  }
  if (!site.empty())
    if (auto it = ref.sites.find(site); it != ref.sites.end()) apply(it->second, out, enabled, ref);
  if (extra) apply(*extra, out, enabled, ref);

  std::vector<ActiveCriterion> kept;
  for (auto& c : out.criteria) {
    if (!enabled[c.id]) continue;
    if (auto why = clash(c)) {
      const Criterion* src = ref.find(c.id);
      std::string where = c.id + " (profile ";
      where += profile;
      if (!site.empty()) {
        where += ", site ";
        where += site;
      }
      where += "): ";
      errors.push_back(Diagnostic{ref.source, src ? src->mark.line : 0, src ? src->mark.column : 0,
                                  where + *why});
    }
    kept.push_back(std::move(c));
  }
  out.criteria = std::move(kept);
  if (out.time_model.shift_gap <= 0)
    errors.push_back(Diagnostic{ref.source, 0, 0, "time_model.shift_gap must be positive"});
  if (!errors.empty()) throw ReferentielError(std::move(errors));
  return out;
}

}  // namespace vigie::referentiel
