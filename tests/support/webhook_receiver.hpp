// A small HTTP receiver on 127.0.0.1 for tests: records each POST's path and body
// and answers 200. What Alertmanager's webhook_configs call.
#pragma once

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vigie::testing {

class WebhookReceiver {
 public:
  struct Call {
    std::string path, body;
  };
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;
  int port() const { return port_; }
  std::vector<Call> calls() const;

 private:
  void serve();
  int fd_ = -1;
  int port_ = 0;
  mutable std::mutex mu_;
  std::vector<Call> calls_;
  std::thread thread_;
};

// The absolute path of PROGRAM on PATH; throws std::runtime_error naming the Debian
// PACKAGE that brings it (scripts/setup installs it) when it is missing: a test that
// needs it fails, it never skips.
std::string require_program(const std::string& program, const std::string& package);

}  // namespace vigie::testing
