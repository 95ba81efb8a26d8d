// A real Mosquitto on a free loopback port, with a persistence directory of
// its own so a restart keeps sessions and queued messages.
#pragma once

#include <filesystem>
#include <string>

#include "process.hpp"

namespace vigie::testing {

// A TLS listener and access control; empty paths are left out of the config.
struct BrokerSecurity {
  std::filesystem::path ca_file, cert_file, key_file;
  bool require_certificate = false;
  bool use_identity_as_username = false;  // the client certificate's CN is the user
  std::filesystem::path password_file;    // mosquitto_passwd format
  std::filesystem::path acl_file;
};

class Broker {
 public:
  // Plain TCP, anonymous clients allowed.
  explicit Broker(std::filesystem::path dir);
  // TLS only, no anonymous client: identity from the certificate or the password file.
  Broker(std::filesystem::path dir, BrokerSecurity security);
  ~Broker();
  void start();
  // SIGTERM: Mosquitto writes its persistence file before exiting.
  void stop();
  int port() const { return port_; }
  std::string url() const {
    return (tls() ? "ssl://127.0.0.1:" : "tcp://127.0.0.1:") + std::to_string(port_);
  }
  std::string log_text() const { return process_.log_text(); }

 private:
  void write_config();
  bool tls() const { return !security_.cert_file.empty(); }

  std::filesystem::path dir_;
  BrokerSecurity security_;
  int port_;
  Process process_;
};

}  // namespace vigie::testing
