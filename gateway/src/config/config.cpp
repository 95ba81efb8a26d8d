#include "config/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "central/pg_connection.hpp"
#include "config/config_reader.hpp"
#include "domain/duration.hpp"
#include "domain/event.hpp"
#include "notify/http_target.hpp"

namespace vigie {

std::optional<Role> role_from_string(const std::string& name) {
  return lookup<Role>(kRoleNames, name);
}

std::string role_names() {
  return "manager, auditor, admin or cse";
}

namespace config_detail {

void read_listen(const Reader& r, const YAML::Node& n, HttpConfig& h) {
  auto s = r.string(n, "http.listen");
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0)
    r.fail(n.Mark(), "http.listen", "must be HOST:PORT, got '" + s + "'");
  auto host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  long long port = 0;
  try {
    std::size_t used = 0;
    port = std::stoll(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1) port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535)
    r.fail(n.Mark(), "http.listen", "port must be 0-65535, got '" + s.substr(colon + 1) + "'");
  h.host = host;
  h.port = static_cast<std::uint16_t>(port);
}

void read_http_tls(const Reader& r, const YAML::Node& n, HttpConfig& h) {
  r.expect_map(n, "http.tls", {"cert_file", "key_file"});
  for (const char* req : {"cert_file", "key_file"})
    if (!n[req])
      r.fail(n.Mark(), Reader::join("http.tls", req),
             "missing required key (cert_file and key_file go together)");
  h.tls = HttpTlsConfig{r.path(n["cert_file"], "http.tls.cert_file"),
                        r.path(n["key_file"], "http.tls.key_file")};
}

}  // namespace config_detail

using config_detail::load_yaml;
using config_detail::read_http_tls;
using config_detail::read_listen;
using config_detail::Reader;

namespace {

namespace fs = std::filesystem;

// A duration as domain/duration.hpp reads it, in the configuration's type.
std::optional<std::chrono::milliseconds> as_duration(const std::string& text) {
  const auto ms = parse_duration(text);
  if (!ms) return std::nullopt;
  return std::chrono::milliseconds(*ms);
}

bool is_lower_hex(const std::string& s, std::size_t len) {
  if (s.size() != len) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void read_broker(const Reader& r, const YAML::Node& n, BrokerConfig& b) {
  r.expect_map(
      n, "broker",
      {"url", "username", "password", "password_file", "ca_file", "cert_file", "key_file"});
  if (n["url"]) {
    b.url = r.string(n["url"], "broker.url");
    if (b.url.rfind("tcp://", 0) != 0 && b.url.rfind("ssl://", 0) != 0 &&
        b.url.rfind("mqtt://", 0) != 0 && b.url.rfind("mqtts://", 0) != 0)
      r.fail(n["url"].Mark(), "broker.url", "must start with tcp:// or ssl://");
  }
  if (n["username"]) b.username = r.string(n["username"], "broker.username");
  if (n["password"] && n["password_file"])
    r.fail(n["password_file"].Mark(), "broker.password_file",
           "give either password or password_file, not both");
  if (n["password"]) b.password = r.string(n["password"], "broker.password");
  if (n["password_file"]) b.password = r.read_secret(n["password_file"], "broker.password_file");
  if (b.password && !b.username)
    r.fail(n.Mark(), "broker.username", "required when a password is given");
  if (n["ca_file"]) b.ca_file = r.path(n["ca_file"], "broker.ca_file");
  if (n["cert_file"]) b.cert_file = r.path(n["cert_file"], "broker.cert_file");
  if (n["key_file"]) b.key_file = r.path(n["key_file"], "broker.key_file");
  if (b.cert_file.has_value() != b.key_file.has_value())
    r.fail(n.Mark(), b.cert_file ? "broker.key_file" : "broker.cert_file",
           "cert_file and key_file go together");
}

void read_notify(const Reader& r, const YAML::Node& n, NotifyConfig& c) {
  r.expect_map(n, "notify",
               {"webhook_url", "alertmanager", "ca_file", "resend_every", "dashboard_url"});
  auto url = [&](const YAML::Node& node, const std::string& key) {
    const auto text = r.string(node, key);
    std::string why;
    if (!notify::HttpTarget::parse(text, &why))
      r.fail(node.Mark(), key,
             "must be an http[s]://HOST[:PORT][/PATH] URL: '" + text + "' " + why);
    return text;
  };
  if (n["webhook_url"]) c.webhook_url = url(n["webhook_url"], "notify.webhook_url");
  if (const auto am = n["alertmanager"]) {
    if (!am.IsSequence() || am.size() == 0)
      r.fail(am.Mark(), "notify.alertmanager",
             "must be a list of Alertmanager URLs, e.g. [https://alertmanager.example:9093]");
    for (std::size_t i = 0; i < am.size(); ++i)
      c.alertmanager.push_back(url(am[i], "notify.alertmanager[" + std::to_string(i) + "]"));
  }
  if (n["ca_file"]) {
    c.ca_file = r.path(n["ca_file"], "notify.ca_file");
    if (!fs::is_regular_file(*c.ca_file))
      r.fail(n["ca_file"].Mark(), "notify.ca_file", "no such file: " + c.ca_file->string());
  }
  if (n["resend_every"]) {
    const auto d = as_duration(r.string(n["resend_every"], "notify.resend_every"));
    if (!d || *d < std::chrono::seconds(1) || *d > std::chrono::hours(1))
      r.fail(
          n["resend_every"].Mark(), "notify.resend_every",
          "must be a duration from 1s to 1h (e.g. 1min), got '" + n["resend_every"].Scalar() + "'");
    c.resend_every = *d;
  }
  if (n["dashboard_url"]) c.dashboard_url = url(n["dashboard_url"], "notify.dashboard_url");
}

void read_tokens(const Reader& r, const YAML::Node& n, std::vector<ApiToken>& out) {
  if (!n.IsSequence()) r.fail(n.Mark(), "tokens", "must be a list");
  std::set<std::string> names;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const auto t = n[i];
    const std::string key = "tokens[" + std::to_string(i) + "]";
    r.expect_map(t, key, {"name", "role", "sha256"});
    for (const char* req : {"name", "role", "sha256"})
      if (!t[req]) r.fail(t.Mark(), Reader::join(key, req), "missing required key");
    ApiToken tok;
    tok.name = r.string(t["name"], key + ".name");
    if (!is_valid_id(tok.name))
      r.fail(t["name"].Mark(), key + ".name", "must be 1-64 chars of [A-Za-z0-9._-]");
    if (!names.insert(tok.name).second)
      r.fail(t["name"].Mark(), key + ".name", "duplicate token name '" + tok.name + "'");
    const auto role = role_from_string(r.string(t["role"], key + ".role"));
    if (!role) r.fail(t["role"].Mark(), key + ".role", "must be " + role_names());
    tok.role = *role;
    tok.sha256_hex = r.string(t["sha256"], key + ".sha256");
    if (!is_lower_hex(tok.sha256_hex, 64))
      r.fail(t["sha256"].Mark(), key + ".sha256", "must be 64 lowercase hex digits (SHA-256)");
    out.push_back(std::move(tok));
  }
}

// An ISO calendar date YYYY-MM-DD that exists; its days since the epoch.
std::optional<std::chrono::sys_days> iso_date(const std::string& s) {
  using namespace std::chrono;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const year_month_day d{year{std::stoi(s.substr(0, 4))},
                         month{static_cast<unsigned>(std::stoi(s.substr(5, 2)))},
                         day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
  if (!d.ok()) return std::nullopt;
  return sys_days{d};
}

void read_governance(const Reader& r, const YAML::Node& n, GovernanceConfig& g,
                     std::chrono::system_clock::time_point now) {
  r.expect_map(n, "governance", {"cse_consulted", "dpia_done", "staff_informed"});
  // The latest date already begun somewhere (UTC+14): the site's own zone is
  // not needed to refuse a date that cannot have happened yet.
  const auto latest = std::chrono::floor<std::chrono::days>(now + std::chrono::hours(14));
  for (auto [name, field] :
       {std::pair{"cse_consulted", &g.cse_consulted}, std::pair{"dpia_done", &g.dpia_done},
        std::pair{"staff_informed", &g.staff_informed}}) {
    const auto v = n[name];
    if (!v) continue;
    const std::string key = std::string("governance.") + name;
    const auto text = v.IsScalar() ? v.Scalar() : std::string();
    const auto date = iso_date(text);
    if (!date) r.fail(v.Mark(), key, "must be a date YYYY-MM-DD, got '" + text + "'");
    if (*date > latest) r.fail(v.Mark(), key, "is in the future (" + text + ")");
    *field = text;
  }
}

void read_limits(const Reader& r, const YAML::Node& n, LimitsConfig& l) {
  r.expect_map(n, "limits",
               {"max_skew", "resync_wait", "agents_per_node", "new_agents_per_minute"});
  auto duration = [&](const char* name, std::chrono::milliseconds lo) {
    const std::string key = std::string("limits.") + name;
    auto d = as_duration(r.string(n[name], key));
    if (!d || *d < lo)
      r.fail(n[name].Mark(), key,
             "must be a duration of at least " + std::to_string(lo.count() / 1000) +
                 "s such as 5min, 30s");
    return *d;
  };
  if (n["max_skew"]) l.max_skew = duration("max_skew", std::chrono::seconds(1));
  if (n["resync_wait"]) l.resync_wait = duration("resync_wait", std::chrono::seconds(1));
  if (n["agents_per_node"])
    l.agents_per_node =
        static_cast<int>(r.integer(n["agents_per_node"], "limits.agents_per_node", 1, 20000));
  if (n["new_agents_per_minute"])
    l.new_agents_per_minute = static_cast<int>(
        r.integer(n["new_agents_per_minute"], "limits.new_agents_per_minute", 1, 20000));
}

// libpq's own parser says whether CONNINFO can be used; its words when not.
void check_conninfo(const Reader& r, const YAML::Node& n, const std::string& conninfo,
                    const std::string& name) {
  if (const auto why = central::conninfo_error(conninfo))
    r.fail(n.Mark(), name + ".conninfo", "not a PostgreSQL connection string: " + *why);
  if (central::conninfo_has_password(conninfo))
    r.fail(n.Mark(), name + ".conninfo",
           "holds a password: put it in a file named by " + name + ".password_file");
}

// A central database's block: `central:` of a gateway (SHIPS: batch and interval too) or
// `database:` of `vigie central serve`; NAME prefixes the keys in messages.
void read_central(const Reader& r, const YAML::Node& n, std::optional<CentralConfig>& out,
                  const std::string& name = "central", bool ships = true) {
  std::set<std::string> allowed{"conninfo", "password_file", "timeout"};
  if (ships) allowed.insert({"batch", "interval"});
  r.expect_map(n, name, allowed);
  const std::string conninfo_key = name + ".conninfo";
  if (!n["conninfo"]) r.fail(n.Mark(), conninfo_key, "missing required key");
  CentralConfig c;
  c.conninfo = r.string(n["conninfo"], conninfo_key);
  if (c.conninfo.empty()) r.fail(n["conninfo"].Mark(), conninfo_key, "must not be empty");
  check_conninfo(r, n["conninfo"], c.conninfo, name);
  if (n["password_file"]) c.password = r.read_secret(n["password_file"], name + ".password_file");
  if (n["batch"]) c.batch = static_cast<int>(r.integer(n["batch"], name + ".batch", 1, 100000));
  auto duration = [&](const char* key_name, std::chrono::milliseconds lo) {
    const std::string key = name + "." + key_name;
    auto d = as_duration(r.string(n[key_name], key));
    if (!d || *d < lo)
      r.fail(n[key_name].Mark(), key,
             "must be a duration of at least " + std::to_string(lo.count()) +
                 "ms such as 2s, 500ms, 1min");
    return *d;
  };
  if (n["interval"]) c.interval = duration("interval", std::chrono::milliseconds(100));
  if (n["timeout"]) c.timeout = duration("timeout", std::chrono::seconds(1));
  out = std::move(c);
}

Config read_root(const Reader& r, const YAML::Node& root, const fs::path& source,
                 std::chrono::system_clock::time_point now) {
  if (!root || root.IsNull()) r.fail(YAML::Mark::null_mark(), "site", "missing required key");
  r.expect_map(root, "",
               {"site", "timezone", "gateway_id", "broker", "store", "http", "referentiel",
                "tokens", "evidence", "retention", "limits", "notify", "governance", "central"});
  Config c;
  c.source = source;
  if (!root["site"]) r.fail(root.Mark(), "site", "missing required key");
  c.site = r.string(root["site"], "site");
  if (!is_valid_id(c.site))
    r.fail(root["site"].Mark(), "site", "must be 1-64 chars of [A-Za-z0-9._-]");
  if (root["timezone"]) {
    c.timezone = r.string(root["timezone"], "timezone");
    if (c.timezone.empty() || c.timezone.find("..") != std::string::npos ||
        !fs::exists(fs::path("/usr/share/zoneinfo") / c.timezone))
      r.fail(root["timezone"].Mark(), "timezone", "unknown IANA time zone '" + c.timezone + "'");
  }
  c.gateway_id = "gw-" + c.site;
  if (root["gateway_id"]) {
    c.gateway_id = r.string(root["gateway_id"], "gateway_id");
    if (!is_valid_id(c.gateway_id))
      r.fail(root["gateway_id"].Mark(), "gateway_id", "must be 1-64 chars of [A-Za-z0-9._-]");
  }
  if (root["broker"]) read_broker(r, root["broker"], c.broker);

  c.store.path = r.resolve("data/vigie.db");
  if (const auto s = root["store"]) {
    r.expect_map(s, "store", {"path", "synchronous"});
    if (s["path"]) c.store.path = r.path(s["path"], "store.path");
    if (s["synchronous"]) {
      c.store.synchronous = r.string(s["synchronous"], "store.synchronous");
      if (c.store.synchronous != "FULL" && c.store.synchronous != "NORMAL" &&
          c.store.synchronous != "EXTRA")
        r.fail(s["synchronous"].Mark(), "store.synchronous", "must be FULL, EXTRA or NORMAL");
    }
  }
  if (const auto h = root["http"]) {
    r.expect_map(h, "http", {"listen", "tls"});
    if (h["listen"]) read_listen(r, h["listen"], c.http);
    if (h["tls"]) read_http_tls(r, h["tls"], c.http);
  }
  if (const auto n = root["notify"]) read_notify(r, n, c.notify);
  if (const auto rf = root["referentiel"]) {
    r.expect_map(rf, "referentiel", {"file", "profile", "overrides"});
    if (rf["file"]) c.referentiel.file = r.path(rf["file"], "referentiel.file");
    if (rf["profile"]) c.referentiel.profile = r.string(rf["profile"], "referentiel.profile");
    if (const auto o = rf["overrides"]) {
      if (!o.IsMap())
        r.fail(o.Mark(), "referentiel.overrides",
               "must be a map (as a référentiel's sites: entry)");
      else
        c.referentiel.overrides = o;  // the same node: its marks name this file's lines
    }
  }
  if (root["tokens"] && !root["tokens"].IsNull()) read_tokens(r, root["tokens"], c.tokens);

  c.evidence.key_file = r.resolve("secrets/evidence.key");
  c.evidence.pseudonym_key_file = r.resolve("secrets/pseudonym.key");
  if (const auto e = root["evidence"]) {
    r.expect_map(e, "evidence",
                 {"key_file", "pseudonym_key_file", "checkpoint_every", "witnesses"});
    if (e["witnesses"] && !e["witnesses"].IsNull())
      config_detail::read_witness_targets(r, e["witnesses"], c.evidence.witnesses);
    if (e["key_file"]) c.evidence.key_file = r.path(e["key_file"], "evidence.key_file");
    if (e["pseudonym_key_file"])
      c.evidence.pseudonym_key_file =
          r.path(e["pseudonym_key_file"], "evidence.pseudonym_key_file");
    if (e["checkpoint_every"]) {
      auto d = as_duration(r.string(e["checkpoint_every"], "evidence.checkpoint_every"));
      if (!d || *d < std::chrono::seconds(1))
        r.fail(e["checkpoint_every"].Mark(), "evidence.checkpoint_every",
               "must be a duration of at least 1s such as 15min, 1h, 30s");
      c.evidence.checkpoint_every = *d;
    }
  }
  if (const auto rt = root["retention"]) {
    r.expect_map(rt, "retention", {"raw_days", "evidence_days"});
    if (rt["raw_days"])
      c.retention.raw_days =
          static_cast<int>(r.integer(rt["raw_days"], "retention.raw_days", 1, 36500));
    if (rt["evidence_days"])
      c.retention.evidence_days =
          static_cast<int>(r.integer(rt["evidence_days"], "retention.evidence_days", 1, 36500));
  }
  if (const auto l = root["limits"]) read_limits(r, l, c.limits);
  if (const auto g = root["governance"]; g && !g.IsNull()) read_governance(r, g, c.governance, now);
  if (const auto central = root["central"]) read_central(r, central, c.central);
  return c;
}

}  // namespace

std::vector<std::string> GovernanceConfig::missing() const {
  std::vector<std::string> out;
  if (!cse_consulted) out.emplace_back("cse_consulted");
  if (!dpia_done) out.emplace_back("dpia_done");
  if (!staff_informed) out.emplace_back("staff_informed");
  return out;
}

namespace {

Config read_config(const Reader& r, const YAML::Node& root, const fs::path& source_name,
                   std::chrono::system_clock::time_point now) {
  try {
    return read_root(r, root, source_name, now);
  } catch (const YAML::Exception& e) {
    r.fail(e.mark, "", e.msg);
  }
}

// The top-level key an error belongs to: "broker" for "broker.url", "tokens" for "tokens[0].role".
std::string section_of(const std::string& key) {
  return key.substr(0, key.find_first_of(".["));
}

}  // namespace

Config parse_config(const std::string& text, const fs::path& source_name, const fs::path& base_dir,
                    std::chrono::system_clock::time_point now) {
  Reader r(source_name, base_dir);
  return read_config(r, load_yaml(r, text), source_name, now);
}

std::vector<ConfigError> check_config(const std::string& text, const fs::path& source_name,
                                      const fs::path& base_dir,
                                      std::chrono::system_clock::time_point now) {
  Reader r(source_name, base_dir);
  std::vector<ConfigError> errors;
  YAML::Node root;
  try {
    root = load_yaml(r, text);
  } catch (const ConfigError& e) {
    return {e};
  }
  std::set<std::string> set_aside;
  for (;;) {
    try {
      read_config(r, root, source_name, now);
      break;
    } catch (const ConfigError& e) {
      errors.push_back(e);
      const auto section = section_of(e.key());
      // Nothing to set aside (the file as a whole), or already done: stop here.
      if (section.empty() || !root.IsMap() || !set_aside.insert(section).second) break;
      if (section == "site") {
        root["site"] = "config-check";  // a stand-in, so that the other sections are read
      } else if (!root.remove(section)) {
        break;
      }
    }
  }
  std::stable_sort(errors.begin(), errors.end(), [](const ConfigError& a, const ConfigError& b) {
    return (a.line() == 0 ? INT32_MAX : a.line()) < (b.line() == 0 ? INT32_MAX : b.line());
  });
  return errors;
}

GroupConfig parse_group_config(const std::string& text, const fs::path& source_name,
                               const fs::path& base_dir) {
  Reader r(source_name, base_dir);
  const YAML::Node root = load_yaml(r, text);
  try {
    if (!root || root.IsNull()) r.fail(YAML::Mark::null_mark(), "database", "missing required key");
    r.expect_map(root, "", {"database", "http", "tokens"});
    GroupConfig g;
    g.source = source_name;
    g.http.port = 8090;
    if (!root["database"]) r.fail(root.Mark(), "database", "missing required key");
    std::optional<CentralConfig> db;
    read_central(r, root["database"], db, "database", false);
    g.database = std::move(*db);
    if (const auto h = root["http"]) {
      r.expect_map(h, "http", {"listen", "tls"});
      if (h["listen"]) read_listen(r, h["listen"], g.http);
      if (h["tls"]) read_http_tls(r, h["tls"], g.http);
    }
    if (root["tokens"] && !root["tokens"].IsNull()) read_tokens(r, root["tokens"], g.tokens);
    return g;
  } catch (const YAML::Exception& e) {
    r.fail(e.mark, "", e.msg);
  }
}

GroupConfig load_group_config(const fs::path& file) {
  return config_detail::load_with(parse_group_config, file);
}

Config load_config(const fs::path& file) {
  return parse_config(config_detail::read_config_text(file), file,
                      fs::absolute(file).parent_path());
}

}  // namespace vigie
