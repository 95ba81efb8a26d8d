// A real Mosquitto on a free loopback port, with a persistence directory of
// its own so a restart keeps sessions and queued messages.
#pragma once

#include <filesystem>
#include <string>

#include "process.hpp"

namespace vigie::testing {

class Broker {
 public:
  explicit Broker(std::filesystem::path dir);
  ~Broker();
  void start();
  // SIGTERM: Mosquitto writes its persistence file before exiting.
  void stop();
  int port() const { return port_; }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  std::string log_text() const { return process_.log_text(); }

 private:
  void write_config();

  std::filesystem::path dir_;
  int port_;
  Process process_;
};

}  // namespace vigie::testing
