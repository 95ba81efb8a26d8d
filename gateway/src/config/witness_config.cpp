// The witness's configuration file, and the gateway's evidence.witnesses list.
#include <sstream>

#include "config/config_reader.hpp"
#include "evidence/signed_note.hpp"
#include "notify/http_target.hpp"

namespace vigie {
namespace config_detail {

namespace {

// A verifier key of the given type (a witness's 0x04, a log's 0x01), else a failure at NODE.
std::string vkey(const Reader& r, const YAML::Node& node, const std::string& key,
                 std::uint8_t type) {
  const auto text = r.string(node, key);
  std::string why;
  if (!evidence::Verifier::parse(text, &why, type))
    r.fail(node.Mark(), key, "not a verifier key (name+id+base64): " + why);
  return text;
}

}  // namespace

void read_witness_targets(const Reader& r, const YAML::Node& n, std::vector<WitnessTarget>& out) {
  if (!n.IsSequence())
    r.fail(n.Mark(), "evidence.witnesses",
           "must be a list of {url, key, ca_file}, e.g. [{url: https://witness.example:8095, "
           "key: witness.example/vigie+1a2b3c4d+BA...}]");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string key = "evidence.witnesses[" + std::to_string(i) + "]";
    const auto w = n[i];
    r.expect_map(w, key, {"url", "key", "ca_file"});
    for (const char* req : {"url", "key"})
      if (!w[req]) r.fail(w.Mark(), key + "." + req, "missing required key");
    WitnessTarget t;
    t.url = r.string(w["url"], key + ".url");
    std::string why;
    if (!notify::HttpTarget::parse(t.url, &why))
      r.fail(w["url"].Mark(), key + ".url",
             "must be an http[s]://HOST[:PORT][/PATH] URL: '" + t.url + "' " + why);
    t.key = vkey(r, w["key"], key + ".key", evidence::kCosignatureV1);
    if (!seen.insert(t.key).second) r.fail(w["key"].Mark(), key + ".key", "listed twice");
    if (w["ca_file"]) {
      t.ca_file = r.path(w["ca_file"], key + ".ca_file");
      if (!fs::is_regular_file(*t.ca_file))
        r.fail(w["ca_file"].Mark(), key + ".ca_file", "no such file: " + t.ca_file->string());
    }
    out.push_back(std::move(t));
  }
}

}  // namespace config_detail

namespace fs = std::filesystem;

WitnessConfig parse_witness_config(const std::string& text, const fs::path& source_name,
                                   const fs::path& base_dir) {
  using config_detail::Reader;
  Reader r(source_name, base_dir);
  const YAML::Node root = config_detail::load_yaml(r, text);
  try {
    if (!root || root.IsNull()) r.fail(YAML::Mark::null_mark(), "name", "missing required key");
    r.expect_map(root, "", {"name", "key_file", "store", "http", "logs"});
    WitnessConfig w;
    w.source = source_name;
    w.http.port = 8095;
    if (!root["name"]) r.fail(root.Mark(), "name", "missing required key");
    w.name = r.string(root["name"], "name");
    if (w.name.empty() || w.name.find_first_of("+ \t") != std::string::npos)
      r.fail(root["name"].Mark(), "name",
             "must be a key name without '+' or spaces, e.g. witness.example.org/vigie");
    w.key_file = r.resolve("secrets/witness.key");
    if (root["key_file"]) w.key_file = r.path(root["key_file"], "key_file");
    w.store_path = r.resolve("data/witness.db");
    if (const auto s = root["store"]) {
      r.expect_map(s, "store", {"path"});
      if (s["path"]) w.store_path = r.path(s["path"], "store.path");
    }
    if (const auto h = root["http"]) {
      r.expect_map(h, "http", {"listen", "tls"});
      if (h["listen"]) config_detail::read_listen(r, h["listen"], w.http);
      if (h["tls"]) config_detail::read_http_tls(r, h["tls"], w.http);
    }
    const auto logs = root["logs"];
    if (!logs || !logs.IsSequence() || logs.size() == 0)
      r.fail(logs ? logs.Mark() : root.Mark(), "logs",
             "must be a list of {origin, key}: the logs this witness cosigns");
    std::set<std::string> origins;
    for (std::size_t i = 0; i < logs.size(); ++i) {
      const std::string key = "logs[" + std::to_string(i) + "]";
      const auto l = logs[i];
      r.expect_map(l, key, {"origin", "key"});
      for (const char* req : {"origin", "key"})
        if (!l[req]) r.fail(l.Mark(), key + "." + req, "missing required key");
      WitnessedLogConfig c;
      c.origin = r.string(l["origin"], key + ".origin");
      if (c.origin.empty() || !origins.insert(c.origin).second)
        r.fail(l["origin"].Mark(), key + ".origin", "empty or listed twice");
      c.key = config_detail::vkey(r, l["key"], key + ".key", evidence::kEd25519);
      w.logs.push_back(std::move(c));
    }
    return w;
  } catch (const YAML::Exception& e) {
    r.fail(e.mark, "", e.msg);
  }
}

WitnessConfig load_witness_config(const fs::path& file) {
  return config_detail::load_with(parse_witness_config, file);
}

}  // namespace vigie
