// The gateway's configuration file (contract.md sec. 7), typed.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/names.hpp"

namespace vigie {

// cse: the staff representatives (comité social et économique): read-only, team- and
// site-level aggregates only, never an agent row nor a pseudonym.
enum class Role { manager, auditor, admin, cse };
inline constexpr const char* kRoleNames[] = {"manager", "auditor", "admin", "cse"};
static_assert(names_every(kRoleNames, Role::cse));
// Inline: the API names roles without linking the configuration's reader.
inline const char* to_string(Role r) {
  return name_of(kRoleNames, r);
}

struct ApiToken {
  std::string name;
  Role role = Role::manager;
  std::string sha256_hex;  // lowercase hex of SHA-256(token)
};

struct BrokerConfig {
  std::string url = "tcp://127.0.0.1:1883";
  std::optional<std::string> username;
  std::optional<std::string> password;  // read from password_file or given inline
  std::optional<std::filesystem::path> ca_file;
  std::optional<std::filesystem::path> cert_file;
  std::optional<std::filesystem::path> key_file;
};

struct StoreConfig {
  std::filesystem::path path;  // absolute after loading
  // FULL by default: a power cut must not lose an acknowledged event.
  std::string synchronous = "FULL";
};

// http.tls: the API port speaks HTTPS only (an addition to the contract).
struct HttpTlsConfig {
  std::filesystem::path cert_file;  // PEM chain, absolute after loading
  std::filesystem::path key_file;   // PEM private key, absolute after loading
};

struct HttpConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::optional<HttpTlsConfig> tls;  // unset: plain HTTP
};

struct ReferentielConfig {
  std::optional<std::filesystem::path> file;  // the shipped default if absent
  std::string profile = "idcc2098-2h10";
  // Per-site overrides (an addition to the contract): the schema of a
  // référentiel's `sites:` entry, validated against the référentiel when the
  // engine is set up, with errors naming this file's lines. Null when absent.
  YAML::Node overrides;
};

// evidence.witnesses[]: a witness each new checkpoint is submitted to (C2SP tlog-witness).
struct WitnessTarget {
  std::string url;  // the submission prefix: http[s]://HOST[:PORT][/PATH]
  std::string key;  // the witness's verifier key (cosignature/v1, type 0x04)
  std::optional<std::filesystem::path> ca_file;  // for https://; unset: the system's CAs
};

struct EvidenceConfig {
  std::vector<WitnessTarget> witnesses;
  std::filesystem::path key_file;
  std::filesystem::path pseudonym_key_file;
  std::chrono::milliseconds checkpoint_every = std::chrono::minutes(15);
};

struct RetentionConfig {
  int raw_days = 365;
  int evidence_days = 1095;
};

// What one node may do to the site (an addition to the contract): time it may
// not push forward, holes it may not hold forever, agents it may not flood.
struct LimitsConfig {
  // A ts or watermark more than this past the gateway's clock is refused.
  std::chrono::milliseconds max_skew = std::chrono::minutes(5);
  // A hole is given up once a resync asking for it went unanswered this long
  // (and its node's own time moved data_gap.hold past it).
  std::chrono::milliseconds resync_wait = std::chrono::seconds(30);
  // New agents one node may introduce, in all and per minute; past either its
  // events naming new agents are refused (SYS-03), other nodes' are not.
  int agents_per_node = 2000;
  int new_agents_per_minute = 200;
};

// Optional outputs (an addition to the contract).
struct NotifyConfig {
  // Each alert transition POSTed as an Alertmanager-compatible webhook body
  // (http:// or https://). Agents appear by pseudonym.
  std::optional<std::string> webhook_url;
  // Alertmanagers (base URLs, http:// or https://) the active alerts are pushed to
  // through their API v2, as Prometheus does (notify/alertmanager_notifier).
  std::vector<std::string> alertmanager;
  // The CA certificates https:// receivers are checked against; unset: the system's.
  std::optional<std::filesystem::path> ca_file;
  // How often active alerts are pushed again to each Alertmanager.
  std::chrono::milliseconds resend_every = std::chrono::minutes(1);
  // The dashboard's base URL for the links in alerts; unset: this gateway's http.listen
  // (its host name when it listens on every address).
  std::optional<std::string> dashboard_url;
};

// The group's central PostgreSQL (issue 18, an addition to the contract): the
// outbox of this site's facts is shipped there. Unset: nothing is queued.
struct CentralConfig {
  std::string conninfo;                 // libpq's keyword=value string or URI, no password
  std::optional<std::string> password;  // read from password_file
  int batch = 2000;                     // outbox rows per PostgreSQL transaction
  // How often an idle shipper looks at the outbox again.
  std::chrono::milliseconds interval = std::chrono::seconds(2);
  // Longest wait for the central's answer (connect or statement) before the link is dropped.
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

// The prerequisites of per-agent monitoring in French law (an addition to the
// contract): the staff representatives (CSE) consulted (Code du travail
// L.2312-38), a data-protection impact assessment done (GDPR art. 35), the
// staff informed (L.1222-4). Each an ISO date YYYY-MM-DD, unset when absent.
// Until all three are set the gateway keeps team-level aggregates only.
struct GovernanceConfig {
  std::optional<std::string> cse_consulted;
  std::optional<std::string> dpia_done;
  std::optional<std::string> staff_informed;

  bool complete() const { return cse_consulted && dpia_done && staff_informed; }
  // The keys not set yet, in the order above.
  std::vector<std::string> missing() const;
};

struct Config {
  std::filesystem::path source;  // the file it was read from
  std::string site;
  std::string timezone = "Europe/Paris";
  std::string gateway_id;  // default: "gw-" + site
  BrokerConfig broker;
  StoreConfig store;
  HttpConfig http;
  ReferentielConfig referentiel;
  std::vector<ApiToken> tokens;
  EvidenceConfig evidence;
  RetentionConfig retention;
  LimitsConfig limits;
  NotifyConfig notify;
  GovernanceConfig governance;
  std::optional<CentralConfig> central;
};

// A configuration error that names the key and where it is.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  ConfigError(const std::string& message, std::string key, int line)
      : std::runtime_error(message), key_(std::move(key)), line_(line) {}
  // The dotted key ("broker.url", "tokens[0].role"), empty for the file as a whole.
  const std::string& key() const { return key_; }
  // 1-based line in the file, 0 when unknown.
  int line() const { return line_; }

 private:
  std::string key_;
  int line_ = 0;
};

// A role's name as a file or a command line writes it; nothing when unknown.
std::optional<Role> role_from_string(const std::string& name);
// The role names, for messages ("manager, auditor, admin or cse").
std::string role_names();

// `vigie central serve --config FILE` (an addition to the contract): the group's
// server over the central database. `database:` names a member of vigie_reader.
struct GroupConfig {
  std::filesystem::path source;
  CentralConfig database;  // conninfo, password_file, timeout
  HttpConfig http;         // 127.0.0.1:8090 by default
  std::vector<ApiToken> tokens;
};
GroupConfig load_group_config(const std::filesystem::path& file);
GroupConfig parse_group_config(const std::string& text, const std::filesystem::path& source_name,
                               const std::filesystem::path& base_dir);

// `vigie witness --config FILE` (an addition to the contract): a witness run by a party
// other than the site, cosigning the checkpoints of the logs it is told to witness.
struct WitnessedLogConfig {
  std::string origin;  // the log's origin line ("vigie/<site>/<gateway>")
  std::string key;     // the site's verifier key (the key.vkey of its packs)
};
struct WitnessConfig {
  std::filesystem::path source;
  std::string name;                  // the witness's key name, e.g. "witness.example.org/vigie"
  std::filesystem::path key_file;    // created 0600 when missing
  std::filesystem::path store_path;  // its own SQLite file
  HttpConfig http;                   // 127.0.0.1:8095 by default
  std::vector<WitnessedLogConfig> logs;
};
WitnessConfig load_witness_config(const std::filesystem::path& file);
WitnessConfig parse_witness_config(const std::string& text,
                                   const std::filesystem::path& source_name,
                                   const std::filesystem::path& base_dir);

// Reads and validates FILE. Throws ConfigError with "FILE:LINE: key: message".
Config load_config(const std::filesystem::path& file);
// Same, from text (for tests); relative paths resolve against base_dir. NOW is
// the gateway's start: a governance date that has begun nowhere on Earth yet
// (after NOW's UTC date in UTC+14) is refused.
Config parse_config(const std::string& text, const std::filesystem::path& source_name,
                    const std::filesystem::path& base_dir,
                    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// Every error of TEXT, in file order, as `vigie config check` prints them: the
// first error of each top-level section (a section with an error is then set
// aside and the rest read on), so one pass shows what a fix-and-retry loop would.
// Empty when parse_config would succeed.
std::vector<ConfigError> check_config(
    const std::string& text, const std::filesystem::path& source_name,
    const std::filesystem::path& base_dir,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace vigie
