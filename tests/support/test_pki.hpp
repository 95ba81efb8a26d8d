// Certificates for TLS tests, made with the openssl command line: a CA, a
// server certificate for 127.0.0.1 and localhost, client certificates signed
// by that CA (the subject CN is the MQTT identity), and a rogue CA that signs
// impostors. Plus Mosquitto password files (mosquitto_passwd).
#pragma once

#include <filesystem>
#include <string>

namespace vigie::testing {

struct CertAndKey {
  std::filesystem::path cert, key;
};

class TestPki {
 public:
  // Creates both CAs and the server certificate in DIR.
  explicit TestPki(std::filesystem::path dir);
  std::filesystem::path ca() const { return dir_ / "ca.pem"; }
  std::filesystem::path rogue_ca() const { return dir_ / "rogue-ca.pem"; }
  CertAndKey server() const { return {dir_ / "server.pem", dir_ / "server.key"}; }
  // A client certificate with subject CN=NAME, signed by the CA.
  CertAndKey client(const std::string& name) const;
  // The same, signed by the rogue CA: what a stolen name without the CA's key gives.
  CertAndKey rogue_client(const std::string& name) const;

 private:
  void make_ca(const std::string& stem, const std::string& name) const;
  CertAndKey sign(const std::string& stem, const std::string& ca_stem, const std::string& name,
                  const std::string& extensions) const;

  std::filesystem::path dir_;
};

// Adds USER with PASSWORD to the Mosquitto password file FILE (created if missing).
void add_broker_user(const std::filesystem::path& file, const std::string& user,
                     const std::string& password);

}  // namespace vigie::testing
