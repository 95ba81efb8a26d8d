#include "referentiel/yaml_reader.hpp"

#include <set>

namespace vigie::referentiel {

void append_listed(std::string& list, std::string_view item) {
  if (!list.empty()) list += ", ";
  list += item;
}

SourceMark YamlReader::mark_of(const YAML::Node& n) {
  if (!n.IsDefined()) return {};
  auto m = n.Mark();
  if (m.is_null()) return {};
  return {m.line + 1, m.column + 1};
}

void YamlReader::error(const YAML::Mark& at, const std::string& message) {
  Diagnostic d{source_, 0, 0, message};
  if (!at.is_null()) {
    d.line = at.line + 1;
    d.column = at.column + 1;
  }
  out_.push_back(std::move(d));
}

void YamlReader::error(const YAML::Node& at, const std::string& message) {
  auto m = mark_of(at);
  out_.push_back(Diagnostic{source_, m.line, m.column, message});
}

bool YamlReader::check_open_map(const YAML::Node& node, std::string_view what) {
  if (!node.IsMap()) {
    error(node, std::string(what) + " must be a map");
    return false;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      error(it->first, std::string(what) + ": keys must be plain words");
      continue;
    }
    auto key = it->first.Scalar();
    if (!seen.insert(key).second)
      error(it->first, "duplicate key '" + key + "' in " + std::string(what));
  }
  return true;
}

bool YamlReader::check_map(const YAML::Node& node, std::string_view what,
                           std::span<const std::string_view> allowed) {
  if (!check_open_map(node, what)) return false;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    auto key = it->first.Scalar();
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (auto a : allowed) append_listed(list, a);
      error(it->first,
            "unknown key '" + key + "' in " + std::string(what) + " (known: " + list + ")");
    }
  }
  return true;
}

std::optional<std::string> YamlReader::scalar(const YAML::Node& map, std::string_view key,
                                              bool required) {
  auto n = map[std::string(key)];
  if (!n.IsDefined() || n.IsNull()) {
    if (required) error(map, "missing required key '" + std::string(key) + "'");
    return std::nullopt;
  }
  if (!n.IsScalar()) {
    error(n, "'" + std::string(key) + "' must be a single value");
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<std::vector<std::string>> YamlReader::scalars(const YAML::Node& map,
                                                            std::string_view key, bool required) {
  auto n = map[std::string(key)];
  if (!n.IsDefined() || n.IsNull()) {
    if (required) error(map, "missing required key '" + std::string(key) + "'");
    return std::nullopt;
  }
  if (n.IsScalar()) return std::vector<std::string>{n.Scalar()};
  if (!n.IsSequence()) {
    error(n, "'" + std::string(key) + "' must be a list");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : n) {
    if (!item.IsScalar()) {
      error(item, "'" + std::string(key) + "' items must be single values");
      return std::nullopt;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::optional<std::int64_t> YamlReader::duration(const YAML::Node& map, std::string_view key) {
  auto text = scalar(map, key, false);
  if (!text) return std::nullopt;
  auto d = parse_duration(*text);
  if (!d)
    error(map[std::string(key)], "'" + std::string(key) +
                                     "' must be a duration with a unit (ms, s, min, h, d, "
                                     "w), e.g. 20min; got '" +
                                     *text + "'");
  return d;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& map, std::string_view key) {
  auto text = scalar(map, key, false);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  error(map[std::string(key)],
        "'" + std::string(key) + "' must be true or false; got '" + *text + "'");
  return std::nullopt;
}

Params YamlReader::params(const YAML::Node& node, const KindSpec& kind, std::string_view owner) {
  Params out;
  if (!check_open_map(node, std::string(owner) + " params")) return out;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const auto name = it->first.Scalar();
    const ParamSpec* spec = find_param(kind, name);
    if (!spec) {
      std::string list;
      for (const auto& p : kind.params) append_listed(list, p.name);
      error(it->first, std::string(owner) + ": kind '" + std::string(kind.name) +
                           "' has no parameter '" + name + "' (it has: " + list + ")");
      continue;
    }
    std::string why;
    std::optional<ParamValue> v;
    const YAML::Node value = it->second;  // a copy: `it->` points into a temporary
    if (value.IsScalar()) {
      if (is_list_type(spec->type))
        why = std::string("expected a list (") + to_string(spec->type) + "), e.g. [a, b]";
      else
        v = parse_scalar_param(spec->type, value.Scalar(), spec->choices, why);
    } else if (value.IsSequence()) {
      std::vector<std::string> items;
      bool flat = true;
      for (const auto& item : value) {
        if (item.IsScalar())
          items.push_back(item.Scalar());
        else
          flat = false;
      }
      if (flat)
        v = parse_list_param(spec->type, items, spec->choices, why);
      else
        why = "list items must be single values";
    } else {
      why = std::string("expected a ") + to_string(spec->type);
    }
    if (!v) {
      error(value, std::string(owner) + ": parameter '" + name + "': " + why);
      continue;
    }
    out[name] = std::move(*v);
  }
  return out;
}

}  // namespace vigie::referentiel
