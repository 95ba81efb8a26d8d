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

namespace vigie {

enum class Role { manager, auditor, admin };
const char* to_string(Role r);

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

struct HttpConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
};

struct ReferentielConfig {
  std::optional<std::filesystem::path> file;  // the shipped default if absent
  std::string profile = "idcc2098-2h10";
  // Per-site overrides (an addition to the contract): the schema of a
  // référentiel's `sites:` entry, validated against the référentiel when the
  // engine is set up, with errors naming this file's lines. Null when absent.
  YAML::Node overrides;
};

struct EvidenceConfig {
  std::filesystem::path key_file;
  std::filesystem::path pseudonym_key_file;
  std::chrono::milliseconds checkpoint_every = std::chrono::minutes(15);
};

struct RetentionConfig {
  int raw_days = 365;
  int evidence_days = 1095;
};

// Optional outputs (an addition to the contract).
struct NotifyConfig {
  // Each alert transition POSTed as an Alertmanager-compatible webhook body
  // (http:// only). Agents appear by pseudonym.
  std::optional<std::string> webhook_url;
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
  NotifyConfig notify;
};

// A configuration error that names the key and where it is.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads and validates FILE. Throws ConfigError with "FILE:LINE: key: message".
Config load_config(const std::filesystem::path& file);
// Same, from text (for tests); relative paths resolve against base_dir.
Config parse_config(const std::string& text, const std::filesystem::path& source_name,
                    const std::filesystem::path& base_dir);

}  // namespace vigie
