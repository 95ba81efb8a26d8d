// docs/configuration.md against the loader: every key the loader accepts is on the
// page, found by asking the loader itself (an unknown key in each section makes it
// list the keys it knows, and each of those is probed in turn), so a key added to
// the loader without its line on the page fails here. And `vigie config check`'s
// collection of every error in file order.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "config/config.hpp"

using namespace vigie;

namespace {

constexpr const char* kProbe = "zz_probe";

// The error of TEXT as the gateway's loader gives it, "" when it loads.
std::string error_of(const std::string& text) {
  try {
    parse_config(text, "vigie.yaml", "/nonexistent");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// YAML for PATH ("a.b", "tokens[]") holding VALUE, beside a valid site.
std::string nest(const std::vector<std::string>& path, const std::string& value) {
  std::string yaml = path.front() == "site" ? "" : "site: p\n";
  std::string indent;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const bool list = path[i].ends_with("[]");
    const auto name = list ? path[i].substr(0, path[i].size() - 2) : path[i];
    yaml += indent + name + ":";
    if (i + 1 == path.size() && !list) return yaml + " " + value + "\n";
    yaml += "\n";
    indent += "  ";
    if (list) {
      yaml += indent + "-";
      if (i + 1 == path.size()) return yaml + " {" + value + "}\n";
      yaml += "\n";
      indent += "  ";
    }
  }
  return yaml;
}

std::string dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

// The keys the loader knows under PATH: the list its "unknown key" message gives.
std::optional<std::vector<std::string>> children(const std::vector<std::string>& path) {
  std::string text;
  if (path.empty()) {
    text = std::string("site: p\n") + kProbe + ": 1\n";
  } else if (path.back().ends_with("[]")) {
    text = nest(path, std::string(kProbe) + ": 1");
  } else {
    text = nest(path, std::string("{") + kProbe + ": 1}");
  }
  const auto error = error_of(text);
  const std::regex unknown("unknown key \\(expected one of: ([^)]*)\\)");
  std::smatch m;
  if (error.find(kProbe) == std::string::npos || !std::regex_search(error, m, unknown)) {
    // A list rather than a map? Probe its entries.
    if (!path.empty() && !path.back().ends_with("[]") &&
        error.find("must be a list") != std::string::npos) {
      auto as_list = path;
      as_list.back() += "[]";
      return children(as_list);
    }
    return std::nullopt;  // a leaf
  }
  std::vector<std::string> out;
  std::istringstream in(m[1].str());
  for (std::string k; std::getline(in, k, ',');) out.push_back(k.substr(k.find_first_not_of(' ')));
  return out;
}

void collect(std::vector<std::string> path, std::set<std::string>& keys) {
  auto kids = children(path);
  if (!kids) {
    keys.insert(dotted(path));
    return;
  }
  // A list probed as such names its entries' keys with "[]" on the list.
  if (!path.empty() && !path.back().ends_with("[]") &&
      error_of(nest(path, "{" + std::string(kProbe) + ": 1}")).find("must be a list") !=
          std::string::npos)
    path.back() += "[]";
  for (const auto& k : *kids) {
    auto child = path;
    child.push_back(k);
    collect(child, keys);
  }
}

// The page's section on `vigie witness`'s own file, whose keys its own loader reads.
bool witness_heading(const std::string& line) {
  return line.rfind("## ", 0) == 0 && line.find("vigie witness") != std::string::npos;
}

// The keys in the first cell of the page's tables: the gateway's (WITNESS false) or
// those of the section on `vigie witness`'s file (WITNESS true).
std::set<std::string> documented_keys(bool witness = false) {
  std::ifstream in(VIGIE_CONFIGURATION_DOC);
  std::set<std::string> keys;
  const std::regex cell("^\\| (`[^|]*`) \\|");
  const std::regex name("`([a-z0-9_\\[\\].]+)`");
  bool in_witness = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) in_witness = witness_heading(line);
    if (in_witness != witness) continue;
    std::smatch m;
    if (!std::regex_search(line, m, cell)) continue;
    const std::string first = m[1].str();
    for (std::sregex_iterator it(first.begin(), first.end(), name), end; it != end; ++it)
      keys.insert((*it)[1].str());
  }
  return keys;
}

}  // namespace

TEST(ConfigReference, EveryKeyTheLoaderKnowsIsDocumented) {
  std::set<std::string> known;
  collect({}, known);
  // The probe must have found the sections, else it proves nothing.
  for (const char* k : {"site", "broker.url", "http.tls.cert_file", "tokens[].role",
                        "limits.max_skew", "central.conninfo", "governance.dpia_done"})
    EXPECT_TRUE(known.count(k)) << "the probe did not find " << k;
  const auto doc = documented_keys();
  ASSERT_GT(doc.size(), 20u) << "cannot read " << VIGIE_CONFIGURATION_DOC;
  for (const auto& k : known)
    EXPECT_TRUE(doc.count(k)) << k << " is accepted by the loader but not in docs/configuration.md";
}

TEST(ConfigReference, NoKeyIsDocumentedThatTheLoaderRefuses) {
  std::set<std::string> known;
  collect({}, known);
  for (const auto& k : documented_keys()) {
    // The group server's own file has keys a gateway's has not.
    if (k.starts_with("database.")) continue;
    EXPECT_TRUE(known.count(k)) << k << " is in docs/configuration.md but the loader refuses it";
  }
}

// `vigie witness --config FILE`: the keys its loader lists when probed with an unknown
// one, section by section, are exactly those of the page's section on that file.
TEST(ConfigReference, EveryWitnessKeyIsDocumentedAndNoOther) {
  const auto listed = [](const std::string& text, const std::string& prefix) {
    std::string error;
    try {
      parse_witness_config(text, "witness.yaml", "/nonexistent");
    } catch (const ConfigError& e) {
      error = e.what();
    }
    const std::regex unknown("unknown key \\(expected one of: ([^)]*)\\)");
    std::smatch m;
    EXPECT_TRUE(std::regex_search(error, m, unknown)) << text << " -> " << error;
    std::set<std::string> out;
    std::istringstream in(m[1].str());
    for (std::string k; std::getline(in, k, ',');)
      out.insert(prefix + k.substr(k.find_first_not_of(' ')));
    return out;
  };
  std::set<std::string> known;
  for (const auto& [text, prefix] : std::vector<std::pair<std::string, std::string>>{
           {"name: w\nstore: {zz_probe: 1}\n", "store."},
           {"name: w\nhttp: {zz_probe: 1}\n", "http."},
           {"name: w\nhttp: {tls: {zz_probe: 1}}\n", "http.tls."},
           {"name: w\nlogs: [{zz_probe: 1}]\n", "logs[]."}})
    known.merge(listed(text, prefix));
  known.merge(listed("zz_probe: 1\n", ""));
  // Sections probed above are not keys themselves.
  for (const char* section : {"store", "http", "http.tls", "logs"}) known.erase(section);
  ASSERT_TRUE(known.count("logs[].origin") && known.count("http.listen")) << "probe failed";
  const auto doc = documented_keys(true);
  for (const auto& k : known)
    EXPECT_TRUE(doc.count(k)) << k << " is read by `vigie witness` but not documented";
  for (const auto& k : doc)
    EXPECT_TRUE(known.count(k)) << k << " is documented for `vigie witness` but refused";
}

TEST(ConfigCheck, EveryErrorOfEachSectionInFileOrder) {
  const auto errors = check_config(
      "site: bad site\n"
      "limits:\n  max_skew: 2\n"
      "broker:\n  colour: blue\n"
      "nonsense: 1\n",
      "vigie.yaml", "/nonexistent");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].line(), 1);
  EXPECT_EQ(errors[0].key(), "site");
  EXPECT_EQ(errors[1].key(), "limits.max_skew");
  EXPECT_EQ(errors[1].line(), 3);
  EXPECT_EQ(errors[2].key(), "broker.colour");
  EXPECT_EQ(errors[3].key(), "nonsense");
  EXPECT_NE(std::string(errors[3].what()).find("vigie.yaml:6: nonsense: unknown key"),
            std::string::npos);
}

TEST(ConfigCheck, AValidFileHasNoErrorAndAMissingSiteIsOneError) {
  EXPECT_TRUE(check_config("site: p\n", "vigie.yaml", "/nonexistent").empty());
  const auto missing = check_config("timezone: Europe/Paris\n", "vigie.yaml", "/nonexistent");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].key(), "site");
  const auto yaml = check_config("site: [\n", "vigie.yaml", "/nonexistent");
  ASSERT_EQ(yaml.size(), 1u);
  EXPECT_NE(std::string(yaml[0].what()).find("invalid YAML"), std::string::npos);
  const auto not_a_map = check_config("- 1\n- 2\n", "vigie.yaml", "/nonexistent");
  EXPECT_EQ(not_a_map.size(), 1u);
}

TEST(ConfigCheck, TheSameErrorsAsTheLoaderOneAtATime) {
  // Fixing the first error check_config reports and loading again gives its second one.
  const std::string text = "site: p\nstore:\n  synchronous: OFF\nhttp:\n  listen: x\n";
  const auto errors = check_config(text, "vigie.yaml", "/nonexistent");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(error_of(text), errors[0].what());
  EXPECT_EQ(error_of("site: p\nhttp:\n  listen: x\n").substr(0, 11), "vigie.yaml:");
  EXPECT_NE(std::string(errors[1].what()).find("http.listen: must be HOST:PORT"),
            std::string::npos);
}
