// A real `vigie gateway` for the HTTP security tests, with its `http:` and `tokens:` sections
// chosen by the test (an HTTPS listener, several roles).
#pragma once

#include <filesystem>
#include <string>

#include "process.hpp"

namespace vigie::testing {

struct ApiGatewayOptions {
  std::string http_yaml;    // more keys of `http:`, each line indented by two spaces
  std::string tokens_yaml;  // more entries of `tokens:` (the admin kTestToken is always there)
};

class ApiGateway {
 public:
  // Writes DIR/vigie.yaml and starts the gateway; does not wait for it (see eventually()).
  ApiGateway(const std::filesystem::path& dir, const std::string& broker_url,
             const ApiGatewayOptions& options);
  ~ApiGateway();
  int port() const { return port_; }
  bool running() { return process_.running(); }
  std::string log_text() const { return process_.log_text(); }

 private:
  int port_;
  Process process_;
};

}  // namespace vigie::testing
