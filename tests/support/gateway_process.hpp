// A real `vigie gateway` process with its own config, store and HTTP port.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "process.hpp"

namespace vigie::testing {

// The admin token every test gateway accepts.
inline constexpr const char* kTestToken = "vigie-test-token";

// The three governance dates that allow per-agent monitoring (all past).
inline constexpr const char* kGovernanceComplete =
    "governance:\n  cse_consulted: 2025-09-15\n  dpia_done: 2025-10-01\n"
    "  staff_informed: 2025-10-15\n";

struct GatewayOptions {
  std::string broker_yaml;   // more keys of `broker:`, each line indented by two spaces
  std::string extra_yaml;    // appended to the generated configuration
  std::string tokens_yaml;   // more entries of `tokens:` (the admin kTestToken is always there)
  bool wait_healthy = true;  // false: return once spawned (e.g. a broker that refuses it)
  // true: the configuration declares kGovernanceComplete (per-agent monitoring on);
  // false: extra_yaml gives its own governance, or none.
  bool governance_complete = true;
  // NAME=VALUE pairs added to the gateway's environment (e.g. NOTIFY_SOCKET).
  std::vector<std::string> env;
};

class GatewayProcess {
 public:
  // EXTRA_YAML is appended to the generated configuration (governance complete).
  GatewayProcess(std::filesystem::path dir, const std::string& broker_url,
                 const std::string& extra_yaml = "");
  GatewayProcess(std::filesystem::path dir, const std::string& broker_url,
                 const GatewayOptions& options);
  ~GatewayProcess();
  void start();
  int kill9();
  int terminate();
  bool running() { return process_.running(); }
  pid_t pid() const { return process_.pid(); }
  std::filesystem::path db_path() const { return dir_ / "vigie.db"; }
  std::filesystem::path config_path() const { return dir_ / "vigie.yaml"; }
  int http_port() const { return http_port_; }
  std::string log_text() const { return process_.log_text(); }

  // SELECT returning one integer, read from the store file by a separate connection.
  std::int64_t query(const std::string& sql) const;
  // The first column of every row SQL gives, as text (read-only, from any thread).
  std::vector<std::string> texts(const std::string& sql) const;

 private:
  std::filesystem::path dir_;
  int http_port_;
  bool wait_healthy_ = true;
  std::vector<std::string> env_;
  Process process_;
};

// The wall clock in ms since the Unix epoch, as the gateway reads it.
inline std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The path of the vigie binary under test.
std::string vigie_binary();

// Polls COND every 20 ms until it holds or LIMIT passes; a guard against
// hangs, never a performance assertion.
bool eventually(const std::function<bool()>& cond,
                std::chrono::milliseconds limit = std::chrono::seconds(60));
// Until two reads of COUNT, INTERVAL apart, agree (the gateway has stopped adding, e.g.
// the engine has judged all it was given) or LIMIT passes.
bool settles(const std::function<std::int64_t()>& count, std::chrono::milliseconds interval,
             std::chrono::milliseconds limit = std::chrono::seconds(60));

// A plain HTTP GET on 127.0.0.1; returns "STATUS BODY", or "" if unreachable.
std::string http_get(int port, const std::string& target, const std::string& token = "");
// The same, answered within LIMIT (connect, request, whole response): "STATUS BODY", or
// nullopt if no whole response came in time (or the connection failed). A client timeout
// for the responsiveness bounds a requirement states, never a measure of speed.
std::optional<std::string> http_get_within(int port, const std::string& target,
                                           const std::string& token,
                                           std::chrono::milliseconds limit);

}  // namespace vigie::testing
