// A real Mosquitto on a free loopback port, with a persistence directory of
// its own so a restart keeps sessions and queued messages.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "process.hpp"

namespace vigie::testing {

// A TLS listener and access control; empty paths are left out of the config.
struct BrokerSecurity {
  std::filesystem::path ca_file, cert_file, key_file;
  bool require_certificate = false;
  bool use_identity_as_username = false;  // the client certificate's CN is the user
  std::filesystem::path password_file;    // mosquitto_passwd format
  std::filesystem::path acl_file;
  // 0: none (what Vigie needs). Past it Mosquitto drops QoS 1 messages for a client:
  // a test sets it to make holes the nodes must fill again.
  std::size_t max_queued_messages = 0;
  // Seconds between Mosquitto's saves of its whole state. 1 here, so that a test's broker
  // restart keeps what it just queued; the shipped files say 60, what a bench uses.
  int autosave_interval = 1;
};

// Plain TCP and anonymous, as Broker(dir), but saving its state every 60 s as the shipped
// files do (packaging/mosquitto/*.conf): what a bench measures against.
inline BrokerSecurity shipped_autosave() {
  BrokerSecurity b;
  b.autosave_interval = 60;
  return b;
}

// A configuration file as shipped (packaging/mosquitto/*.conf), run the way
// Debian's mosquitto runs a file of /etc/mosquitto/conf.d: a main file that
// turns persistence on, puts it in the broker's directory and includes it.
// Only ports and paths change: each `from` must occur in the file and becomes
// `to`, where "{port}" stands for the broker's port.
struct ShippedBrokerConfig {
  std::filesystem::path file;
  std::vector<std::pair<std::string, std::string>> replace;
  bool tls = true;  // url() says ssl://
};

class Broker {
 public:
  // Plain TCP, anonymous clients allowed.
  explicit Broker(std::filesystem::path dir);
  // TLS only, no anonymous client: identity from the certificate or the password file.
  Broker(std::filesystem::path dir, BrokerSecurity security);
  // The shipped file SHIPPED, adapted as it says (throws if a `from` is missing).
  Broker(std::filesystem::path dir, ShippedBrokerConfig shipped);
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
  void write_shipped_config(const ShippedBrokerConfig& shipped);
  bool tls() const { return !security_.cert_file.empty() || shipped_tls_; }

  std::filesystem::path dir_;
  BrokerSecurity security_;
  int port_;
  bool shipped_tls_ = false;
  Process process_;
};

}  // namespace vigie::testing
