// A real `vigie gateway` process with its own config, store and HTTP port.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "process.hpp"

namespace vigie::testing {

// The admin token every test gateway accepts.
inline constexpr const char* kTestToken = "vigie-test-token";

class GatewayProcess {
 public:
  // EXTRA_YAML is appended to the generated configuration.
  GatewayProcess(std::filesystem::path dir, const std::string& broker_url,
                 const std::string& extra_yaml = "");
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

 private:
  std::filesystem::path dir_;
  int http_port_;
  Process process_;
};

// The path of the vigie binary under test.
std::string vigie_binary();

// Polls COND every 20 ms until it holds or LIMIT passes; a guard against
// hangs, never a performance assertion.
bool eventually(const std::function<bool()>& cond,
                std::chrono::milliseconds limit = std::chrono::seconds(60));

// A plain HTTP GET on 127.0.0.1; returns "STATUS BODY", or "" if unreachable.
std::string http_get(int port, const std::string& target, const std::string& token = "");

}  // namespace vigie::testing
