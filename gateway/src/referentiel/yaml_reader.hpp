// Small helpers that read YAML while collecting diagnostics with line and
// column, so that one pass reports every error of a file.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "referentiel/diagnostic.hpp"
#include "referentiel/param.hpp"
#include "referentiel/referentiel.hpp"

namespace vigie::referentiel {

// Appends `item` to a comma-separated list, for messages.
void append_listed(std::string& list, std::string_view item);

class YamlReader {
 public:
  YamlReader(std::string source, std::vector<Diagnostic>& out)
      : source_(std::move(source)), out_(out) {}

  const std::string& source() const { return source_; }
  void error(const YAML::Node& at, const std::string& message);
  void error(const YAML::Mark& at, const std::string& message);
  static SourceMark mark_of(const YAML::Node& n);

  // True if `node` is a map whose keys are all in `allowed` (unknown and
  // duplicate keys are reported; the map is still usable).
  bool check_map(const YAML::Node& node, std::string_view what,
                 std::span<const std::string_view> allowed);
  bool check_map(const YAML::Node& node, std::string_view what,
                 std::initializer_list<std::string_view> allowed) {
    return check_map(node, what,
                     std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }
  // True if `node` is a map; reports duplicate keys only.
  bool check_open_map(const YAML::Node& node, std::string_view what);

  // A scalar at map[key]; reports a missing required key at the map.
  std::optional<std::string> scalar(const YAML::Node& map, std::string_view key, bool required);
  // A list of scalars, or a single scalar taken as a one-item list.
  std::optional<std::vector<std::string>> scalars(const YAML::Node& map, std::string_view key,
                                                  bool required);
  std::optional<std::int64_t> duration(const YAML::Node& map, std::string_view key);
  std::optional<bool> boolean(const YAML::Node& map, std::string_view key);

  // Parameters of `kind` from a map node; reports unknown names and bad values.
  Params params(const YAML::Node& node, const KindSpec& kind, std::string_view owner);

 private:
  std::string source_;
  std::vector<Diagnostic>& out_;
};

}  // namespace vigie::referentiel
