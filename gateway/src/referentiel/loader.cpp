#include "referentiel/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "referentiel/resolve.hpp"
#include "referentiel/yaml_reader.hpp"

namespace vigie::referentiel {
namespace {

constexpr std::array<std::string_view, 8> kTopKeys{"referentiel", "version",    "default_profile",
                                                   "profiles",    "time_model", "mapping",
                                                   "criteria",    "sites"};
constexpr std::array<std::string_view, 13> kCriterionKeys{
    "id",       "title",      "description", "basis",    "sources", "kind",          "scope",
    "severity", "due_before", "target",      "profiles", "params",  "profile_params"};
constexpr std::array<std::string_view, 3> kOverrideKeys{"criteria", "mapping", "time_model"};
constexpr std::array<std::string_view, 5> kCriterionOverrideKeys{"enabled", "severity",
                                                                 "due_before", "target", "params"};

struct MappingPatch {
  std::map<AgentState, Activity> states;
  std::map<NotReadyReason, Activity> reasons;
};

MappingPatch read_mapping(YamlReader& r, const YAML::Node& node) {
  MappingPatch out;
  if (!r.check_map(node, "mapping", {"states", "reasons"})) return out;
  auto read_class = [&](const YAML::Node& v) -> std::optional<Activity> {
    auto a = v.IsScalar() ? parse_activity(v.Scalar()) : std::nullopt;
    if (!a) r.error(v, "mapping: expected work, pause or off");
    return a;
  };
  if (auto states = node["states"];
      states.IsDefined() && r.check_open_map(states, "mapping.states")) {
    for (auto it = states.begin(); it != states.end(); ++it) {
      auto s = parse_agent_state(it->first.Scalar());
      if (!s) {
        r.error(it->first, "mapping.states: unknown agent state '" + it->first.Scalar() + "'");
        continue;
      }
      if (*s == AgentState::not_ready) {
        r.error(it->first,
                "mapping.states: not_ready is mapped by its reason, under mapping.reasons");
        continue;
      }
      if (auto a = read_class(it->second)) out.states[*s] = *a;
    }
  }
  if (auto reasons = node["reasons"];
      reasons.IsDefined() && r.check_open_map(reasons, "mapping.reasons")) {
    for (auto it = reasons.begin(); it != reasons.end(); ++it) {
      auto reason = parse_not_ready_reason(it->first.Scalar());
      if (!reason) {
        r.error(it->first,
                "mapping.reasons: unknown not_ready reason '" + it->first.Scalar() + "'");
        continue;
      }
      if (auto a = read_class(it->second)) out.reasons[*reason] = *a;
    }
  }
  return out;
}

struct TimeModelPatch {
  std::optional<std::int64_t> shift_gap, silence, lateness;
};

TimeModelPatch read_time_model(YamlReader& r, const YAML::Node& node) {
  TimeModelPatch out;
  if (!r.check_map(node, "time_model", {"shift_gap", "silence", "lateness"})) return out;
  out.shift_gap = r.duration(node, "shift_gap");
  out.silence = r.duration(node, "silence");
  out.lateness = r.duration(node, "lateness");
  if (out.shift_gap && *out.shift_gap <= 0)
    r.error(node["shift_gap"], "shift_gap must be positive");
  return out;
}

std::optional<std::optional<std::int64_t>> read_due_before(YamlReader& r, const YAML::Node& map) {
  auto n = map["due_before"];
  if (!n.IsDefined()) return std::nullopt;
  if (n.IsNull() || (n.IsScalar() && n.Scalar() == "none"))
    return std::optional<std::optional<std::int64_t>>(std::optional<std::int64_t>{});
  auto d = r.duration(map, "due_before");
  if (!d) return std::nullopt;
  return std::optional<std::optional<std::int64_t>>(d);
}

// The optional `target` of a criterion or an override: a percentage, "95%".
std::optional<double> read_target(YamlReader& r, const YAML::Node& map, const std::string& who) {
  auto text = r.scalar(map, "target", false);
  if (!text) return std::nullopt;
  auto target = parse_target(*text);
  if (!target)
    r.error(map["target"],
            who + ": target must be a percentage from 0 to 100 (\"95%\"); got '" + *text + "'");
  return target;
}

SiteOverrides read_overrides(YamlReader& r, const YAML::Node& node, const Referentiel& ref,
                             const std::string& what) {
  SiteOverrides out;
  if (!r.check_map(node, what, kOverrideKeys)) return out;
  if (auto m = node["mapping"]; m.IsDefined()) {
    auto patch = read_mapping(r, m);
    out.states = patch.states;
    out.reasons = patch.reasons;
  }
  if (auto t = node["time_model"]; t.IsDefined()) {
    auto patch = read_time_model(r, t);
    out.shift_gap = patch.shift_gap;
    out.silence = patch.silence;
    out.lateness = patch.lateness;
  }
  auto crit = node["criteria"];
  if (!crit.IsDefined() || !r.check_open_map(crit, what + ".criteria")) return out;
  for (auto it = crit.begin(); it != crit.end(); ++it) {
    const auto id = it->first.Scalar();
    const Criterion* c = ref.find(id);
    if (!c) {
      r.error(it->first, what + ": no criterion '" + id + "' in the referentiel");
      continue;
    }
    const YAML::Node body = it->second;  // a copy: `it->` points into a temporary
    CriterionOverride o;
    o.mark = YamlReader::mark_of(it->first);
    if (!r.check_map(body, what + "." + id, kCriterionOverrideKeys)) continue;
    o.enabled = r.boolean(body, "enabled");
    if (auto s = r.scalar(body, "severity", false)) {
      o.severity = parse_severity(*s);
      if (!o.severity) r.error(body["severity"], "severity must be critical, major, minor or info");
    }
    o.due_before = read_due_before(r, body);
    o.target = read_target(r, body, id);
    const KindSpec* kind = find_kind(c->kind);
    if (o.due_before && *o.due_before && kind && !kind->preventive)
      r.error(body["due_before"], id + ": kind '" + c->kind + "' gives no preventive notice");
    if (auto p = body["params"]; p.IsDefined() && kind) o.params = r.params(p, *kind, id);
    out.criteria[id] = std::move(o);
  }
  return out;
}

void read_criterion(YamlReader& r, const YAML::Node& node, Referentiel& ref,
                    std::set<std::string>& ids) {
  if (!r.check_map(node, "criterion", kCriterionKeys)) return;
  Criterion c;
  c.mark = YamlReader::mark_of(node);
  auto id = r.scalar(node, "id", true);
  if (!id) return;
  c.id = *id;
  if (!is_valid_id(c.id))
    r.error(node["id"], "criterion id '" + c.id + "' must be 1-64 of [A-Za-z0-9._-]");
  if (!ids.insert(c.id).second) r.error(node["id"], "duplicate criterion id '" + c.id + "'");
  const std::string who = c.id;
  c.title = r.scalar(node, "title", true).value_or("");
  if (auto b = r.scalar(node, "basis", true)) {
    if (auto v = parse_basis(*b))
      c.basis = *v;
    else
      r.error(node["basis"], who + ": basis must be L, B, GP or SYS; got '" + *b + "'");
  }
  c.sources = r.scalars(node, "sources", true).value_or(std::vector<std::string>{});
  if (auto s = r.scalar(node, "severity", true)) {
    if (auto v = parse_severity(*s))
      c.severity = *v;
    else
      r.error(node["severity"],
              who + ": severity must be critical, major, minor or info; got '" + *s + "'");
  }
  const KindSpec* kind = nullptr;
  if (auto k = r.scalar(node, "kind", true)) {
    c.kind = *k;
    kind = find_kind(c.kind);
    if (!kind) {
      std::string list;
      for (const auto& ks : kinds()) append_listed(list, ks.name);
      r.error(node["kind"], who + ": unknown kind '" + c.kind + "' (known: " + list + ")");
    }
  }
  if (kind) c.scope = kind->scope;
  if (auto s = r.scalar(node, "scope", false); s && kind) {
    if (*s != to_string(kind->scope))
      r.error(node["scope"],
              who + ": kind '" + c.kind + "' has scope " + to_string(kind->scope) + ", not " + *s);
  }
  if (auto due = read_due_before(r, node)) {
    c.due_before = *due;
    if (c.due_before && kind && !kind->preventive)
      r.error(node["due_before"],
              who + ": kind '" + c.kind + "' gives no preventive notice; use due_before: none");
  }
  c.target = read_target(r, node, who);
  if (auto profiles = r.scalars(node, "profiles", true)) {
    c.profiles = *profiles;
    for (const auto& p : c.profiles)
      if (!ref.has_profile(p)) r.error(node["profiles"], who + ": unknown profile '" + p + "'");
  }
  if (kind) {
    if (auto p = node["params"]; p.IsDefined()) c.params = r.params(p, *kind, who);
    // A value present but invalid was reported already; only absence is reported here.
    const auto written = node["params"];
    for (const auto& spec : kind->params)
      if (spec.default_value.empty() && !is_list_type(spec.type) &&
          !(written.IsDefined() && written.IsMap() && written[std::string(spec.name)].IsDefined()))
        r.error(node, who + ": kind '" + c.kind + "' needs parameter '" + std::string(spec.name) +
                          "' (" + std::string(spec.doc) + ")");
    if (auto pp = node["profile_params"];
        pp.IsDefined() && r.check_open_map(pp, who + ".profile_params")) {
      for (auto it = pp.begin(); it != pp.end(); ++it) {
        const auto profile = it->first.Scalar();
        bool member = false;
        for (const auto& p : c.profiles) member = member || p == profile;
        if (!member)
          r.error(it->first, who + ": profile_params for '" + profile +
                                 "', which is not one of the criterion's profiles");
        c.profile_params[profile] = r.params(it->second, *kind, who);
      }
    }
  }
  ref.criteria.push_back(std::move(c));
}

Referentiel read_document(YamlReader& r, const YAML::Node& root) {
  Referentiel ref;
  ref.source = r.source();
  if (!r.check_map(root, "the referentiel", kTopKeys)) return ref;
  ref.name = r.scalar(root, "referentiel", true).value_or("");
  ref.version = r.scalar(root, "version", true).value_or("");
  ref.default_profile = r.scalar(root, "default_profile", true).value_or("");
  auto profiles = root["profiles"];
  if (!profiles.IsDefined()) {
    r.error(root, "missing required key 'profiles'");
  } else if (r.check_open_map(profiles, "profiles")) {
    for (auto it = profiles.begin(); it != profiles.end(); ++it) {
      Profile p;
      p.name = it->first.Scalar();
      if (!is_valid_id(p.name))
        r.error(it->first, "profile name '" + p.name + "' must be 1-64 of [A-Za-z0-9._-]");
      if (it->second.IsMap() && r.check_map(it->second, "profile " + p.name, {"title"}))
        p.title = r.scalar(it->second, "title", false).value_or("");
      else if (!it->second.IsNull() && !it->second.IsMap())
        r.error(it->second, "profile " + p.name + " must be a map with a title");
      ref.profiles.push_back(std::move(p));
    }
  }
  if (!ref.default_profile.empty() && !ref.has_profile(ref.default_profile))
    r.error(root["default_profile"],
            "default_profile '" + ref.default_profile + "' is not declared under profiles");
  if (auto t = root["time_model"]; t.IsDefined()) {
    auto patch = read_time_model(r, t);
    if (patch.shift_gap) ref.time_model.shift_gap = *patch.shift_gap;
    if (patch.silence) ref.time_model.silence = *patch.silence;
    if (patch.lateness) ref.time_model.lateness = *patch.lateness;
  }
  if (auto m = root["mapping"]; m.IsDefined()) {
    auto patch = read_mapping(r, m);
    for (auto [s, a] : patch.states) ref.mapping.set(s, a);
    for (auto [reason, a] : patch.reasons) ref.mapping.set(reason, a);
  }
  auto criteria = root["criteria"];
  if (!criteria.IsDefined()) {
    r.error(root, "missing required key 'criteria'");
  } else if (!criteria.IsSequence()) {
    r.error(criteria, "criteria must be a list");
  } else {
    std::set<std::string> ids;
    for (const auto& c : criteria) read_criterion(r, c, ref, ids);
  }
  if (auto sites = root["sites"]; sites.IsDefined() && r.check_open_map(sites, "sites")) {
    for (auto it = sites.begin(); it != sites.end(); ++it)
      ref.sites[it->first.Scalar()] =
          read_overrides(r, it->second, ref, "sites." + it->first.Scalar());
  }
  return ref;
}

Referentiel parse_collecting(const std::string& text, const std::string& source,
                             std::vector<Diagnostic>& out) {
  YamlReader r(source, out);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    r.error(e.mark, "invalid YAML: " + e.msg);
    return {};
  }
  if (!root.IsDefined() || root.IsNull()) {
    out.push_back(Diagnostic{source, 0, 0, "the file is empty"});
    return {};
  }
  try {
    return read_document(r, root);
  } catch (const YAML::Exception& e) {
    // A path the reader does not guard (a bug): still a diagnostic, never an abort.
    r.error(e.mark, std::string(kUnreadableYaml) + e.msg);
    return {};
  }
}

std::string read_file(const std::filesystem::path& file, std::vector<Diagnostic>& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out.push_back(Diagnostic{file.string(), 0, 0, "cannot read the file"});
    return {};
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Referentiel parse_referentiel(const std::string& text, const std::string& source_name) {
  std::vector<Diagnostic> out;
  Referentiel ref = parse_collecting(text, source_name, out);
  if (!out.empty()) throw ReferentielError(std::move(out));
  return ref;
}

Referentiel load_referentiel(const std::filesystem::path& file) {
  std::vector<Diagnostic> out;
  std::string text = read_file(file, out);
  if (!out.empty()) throw ReferentielError(std::move(out));
  return parse_referentiel(text, file.string());
}

std::vector<Diagnostic> check_referentiel_text(const std::string& text,
                                               const std::string& source_name) {
  std::vector<Diagnostic> out;
  Referentiel ref = parse_collecting(text, source_name, out);
  if (!out.empty()) return out;
  // Values that are each valid may still clash once a profile and a site are applied.
  std::set<std::string> seen;
  auto check = [&](const std::string& profile, const std::string& site) {
    try {
      resolve(ref, profile, site);
    } catch (const ReferentielError& e) {
      for (const auto& d : e.diagnostics())
        if (seen.insert(d.to_string()).second) out.push_back(d);
    }
  };
  for (const auto& p : ref.profiles) {
    check(p.name, "");
    for (const auto& [site, overrides] : ref.sites) check(p.name, site);
  }
  return out;
}

std::vector<Diagnostic> check_referentiel(const std::filesystem::path& file) {
  std::vector<Diagnostic> out;
  std::string text = read_file(file, out);
  if (!out.empty()) return out;
  return check_referentiel_text(text, file.string());
}

SiteOverrides parse_site_overrides(const YAML::Node& node, const std::string& source_name,
                                   const Referentiel& ref) {
  std::vector<Diagnostic> out;
  YamlReader r(source_name, out);
  SiteOverrides o = read_overrides(r, node, ref, "overrides");
  if (!out.empty()) throw ReferentielError(std::move(out));
  return o;
}

}  // namespace vigie::referentiel
