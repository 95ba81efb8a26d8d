#include "api_gateway.hpp"

#include <signal.h>

#include <fstream>

#include "gateway_process.hpp"

namespace vigie::testing {

ApiGateway::ApiGateway(const std::filesystem::path& dir, const std::string& broker_url,
                       const ApiGatewayOptions& options)
    : port_(free_port()) {
  std::filesystem::create_directories(dir);
  // The admin token is kTestToken; its SHA-256 (printf %s vigie-test-token | sha256sum).
  std::ofstream(dir / "vigie.yaml")
      << "site: paris-1\ngateway_id: gw-test\nbroker:\n  url: " << broker_url << "\n"
      << "store:\n  path: vigie.db\n"
      << "http:\n  listen: 127.0.0.1:" << port_ << "\n"
      << options.http_yaml << "tokens:\n"
      << "  - {name: test, role: admin, sha256: "
         "\"006e2023559d50e5c2f10c7dfa6549e77350f22a0539a79d2b79e7aab3385839\"}\n"
      << options.tokens_yaml;
  process_ = Process({vigie_binary(), "gateway", "--config", (dir / "vigie.yaml").string()},
                     dir / "gateway.log");
}

ApiGateway::~ApiGateway() {
  process_.stop(SIGKILL);
}

}  // namespace vigie::testing
