// The configuration files' YAML reader, shared by the files' loaders (config.cpp,
// witness_config.cpp): every error names the file, the line and the dotted key.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "config/config.hpp"

namespace vigie::config_detail {

namespace fs = std::filesystem;

// Walks the YAML tree; every error names the file, the line and the dotted key.
class Reader {
 public:
  Reader(fs::path source, fs::path base) : source_(std::move(source)), base_(std::move(base)) {}

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& key,
                         const std::string& msg) const {
    std::ostringstream out;
    out << source_.string();
    if (!mark.is_null()) out << ':' << (mark.line + 1);
    out << ": " << (key.empty() ? std::string("(top)") : key) << ": " << msg;
    throw ConfigError(out.str(), key, mark.is_null() ? 0 : mark.line + 1);
  }

  // Checks that NODE is a mapping whose keys are all in ALLOWED.
  void expect_map(const YAML::Node& node, const std::string& key,
                  const std::set<std::string>& allowed) const {
    if (!node.IsMap()) fail(node.Mark(), key, "must be a mapping");
    for (const auto& kv : node) {
      const auto name = kv.first.as<std::string>();
      if (!allowed.count(name)) {
        std::string known;
        for (const auto& a : allowed) known += (known.empty() ? "" : ", ") + a;
        fail(kv.first.Mark(), join(key, name), "unknown key (expected one of: " + known + ")");
      }
    }
  }

  std::string string(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(node.Mark(), key, "must be a string");
    return node.Scalar();
  }

  long long integer(const YAML::Node& node, const std::string& key, long long lo,
                    long long hi) const {
    if (!node.IsScalar()) fail(node.Mark(), key, "must be an integer");
    long long v = 0;
    std::size_t used = 0;
    try {
      v = std::stoll(node.Scalar(), &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != node.Scalar().size())
      fail(node.Mark(), key, "must be an integer, got '" + node.Scalar() + "'");
    if (v < lo || v > hi)
      fail(node.Mark(), key,
           "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return v;
  }

  fs::path path(const YAML::Node& node, const std::string& key) const {
    auto s = string(node, key);
    if (s.empty()) fail(node.Mark(), key, "must not be empty");
    return resolve(s);
  }

  fs::path resolve(const fs::path& p) const { return p.is_absolute() ? p : base_ / p; }

  std::string read_secret(const YAML::Node& node, const std::string& key) const {
    auto file = path(node, key);
    std::ifstream in(file);
    if (!in) fail(node.Mark(), key, "cannot read " + file.string());
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }

  static std::string join(const std::string& a, const std::string& b) {
    return a.empty() ? b : a + "." + b;
  }

 private:
  fs::path source_;
  fs::path base_;
};

// `listen: HOST:PORT` and `tls: {cert_file, key_file}` of an http: section.
void read_listen(const Reader& r, const YAML::Node& n, HttpConfig& h);
void read_http_tls(const Reader& r, const YAML::Node& n, HttpConfig& h);

// evidence.witnesses: a list of {url, key, ca_file}.
void read_witness_targets(const Reader& r, const YAML::Node& n, std::vector<WitnessTarget>& out);

// TEXT parsed as YAML; a syntax error is R's ConfigError at its line.
inline YAML::Node load_yaml(const Reader& r, const std::string& text) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    r.fail(e.mark, "", "invalid YAML: " + e.msg);
  }
}

// The text of a configuration FILE; ConfigError when it cannot be opened.
inline std::string read_config_text(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw ConfigError(file.string() + ": cannot open configuration file");
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// What PARSE makes of FILE's text, relative paths read from FILE's folder.
template <class Parse>
auto load_with(Parse parse, const fs::path& file) {
  return parse(read_config_text(file), file, fs::absolute(file).parent_path());
}

}  // namespace vigie::config_detail
