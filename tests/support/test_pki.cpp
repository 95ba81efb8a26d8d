#include "test_pki.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace vigie::testing {
namespace {

// Runs a shell COMMAND, its output kept in LOG; throws with the log if it fails.
void run(const std::string& command, const std::filesystem::path& log) {
  const std::string line = command + " >>" + log.string() + " 2>&1";
  if (std::system(line.c_str()) != 0) {
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    throw std::runtime_error("failed: " + command + "\n" + text);
  }
}

// P-256 keys: quick to make, and what small boxes handle best.
const char* const kNewKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

}  // namespace

TestPki::TestPki(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
  make_ca("ca", "vigie-test-ca");
  make_ca("rogue-ca", "rogue-ca");
  sign("server", "ca", "localhost",
       "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
       "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
}

void TestPki::make_ca(const std::string& stem, const std::string& name) const {
  const auto d = dir_.string() + "/";
  run(std::string("openssl req -x509 ") + kNewKey + " -days 2 -subj /CN=" + name + " -keyout " + d +
          stem + ".key -out " + d + stem + ".pem",
      dir_ / "openssl.log");
}

CertAndKey TestPki::sign(const std::string& stem, const std::string& ca_stem,
                         const std::string& name, const std::string& extensions) const {
  const auto d = dir_.string() + "/";
  std::ofstream(dir_ / (stem + ".ext")) << extensions;
  run(std::string("openssl req -new ") + kNewKey + " -subj /CN=" + name + " -keyout " + d + stem +
          ".key -out " + d + stem + ".csr",
      dir_ / "openssl.log");
  run("openssl x509 -req -days 2 -in " + d + stem + ".csr -CA " + d + ca_stem + ".pem -CAkey " + d +
          ca_stem + ".key -CAcreateserial -extfile " + d + stem + ".ext -out " + d + stem + ".pem",
      dir_ / "openssl.log");
  return {dir_ / (stem + ".pem"), dir_ / (stem + ".key")};
}

CertAndKey TestPki::client(const std::string& name) const {
  return sign("client-" + name, "ca", name,
              "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
}

CertAndKey TestPki::rogue_client(const std::string& name) const {
  return sign("rogue-" + name, "rogue-ca", name,
              "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
}

void add_broker_user(const std::filesystem::path& file, const std::string& user,
                     const std::string& password) {
  const std::string create = std::filesystem::exists(file) ? "" : "-c ";
  run("mosquitto_passwd " + create + "-b " + file.string() + " " + user + " " + password,
      file.parent_path() / "mosquitto_passwd.log");
}

}  // namespace vigie::testing
