#include "broker.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace vigie::testing {

Broker::Broker(std::filesystem::path dir) : Broker(std::move(dir), BrokerSecurity{}) {}

Broker::Broker(std::filesystem::path dir, BrokerSecurity security)
    : dir_(std::move(dir)), security_(std::move(security)), port_(free_port()) {
  std::filesystem::create_directories(dir_);
  write_config();
  start();
}

Broker::Broker(std::filesystem::path dir, ShippedBrokerConfig shipped)
    : dir_(std::move(dir)), port_(free_port()), shipped_tls_(shipped.tls) {
  std::filesystem::create_directories(dir_);
  write_shipped_config(shipped);
  start();
}

void Broker::write_shipped_config(const ShippedBrokerConfig& shipped) {
  std::ifstream in(shipped.file);
  if (!in) throw std::runtime_error("cannot read " + shipped.file.string());
  std::stringstream text;
  text << in.rdbuf();
  std::string conf = text.str();
  for (auto [from, to] : shipped.replace) {
    for (auto at = to.find("{port}"); at != std::string::npos; at = to.find("{port}"))
      to.replace(at, 6, std::to_string(port_));
    const auto at = conf.find(from);
    if (at == std::string::npos)
      throw std::runtime_error("\"" + from + "\" is not in " + shipped.file.string());
    conf.replace(at, from.size(), to);
  }
  std::filesystem::create_directories(dir_ / "conf.d");
  std::ofstream(dir_ / "conf.d" / shipped.file.filename()) << conf;
  // What Debian's /etc/mosquitto/mosquitto.conf says, with this broker's directories.
  std::ofstream main(dir_ / "mosquitto.conf");
  main << "persistence true\n"
       << "persistence_location " << dir_.string() << "/\n";
  if (::geteuid() == 0) main << "user root\n";  // see write_config()
  if (std::getenv("VIGIE_BROKER_DEBUG")) main << "log_type all\n";
  main << "include_dir " << (dir_ / "conf.d").string() << "\n";
}

void Broker::write_config() {
  std::ofstream conf(dir_ / "mosquitto.conf");
  conf << "listener " << port_ << " 127.0.0.1\n";
  if (tls()) {
    conf << "cafile " << security_.ca_file.string() << "\n"
         << "certfile " << security_.cert_file.string() << "\n"
         << "keyfile " << security_.key_file.string() << "\n"
         << "require_certificate " << (security_.require_certificate ? "true" : "false") << "\n"
         << "use_identity_as_username " << (security_.use_identity_as_username ? "true" : "false")
         << "\n";
  }
  if (!security_.password_file.empty())
    conf << "password_file " << security_.password_file.string() << "\n";
  if (!security_.acl_file.empty()) conf << "acl_file " << security_.acl_file.string() << "\n";
  const bool secured = tls() || !security_.password_file.empty();
  conf << "allow_anonymous " << (secured ? "false" : "true") << "\n"
       << "persistence true\n"
       << "persistence_location " << dir_.string() << "/\n"
       << "autosave_interval " << security_.autosave_interval << "\n"
       // Vigie's guarantee needs the broker to keep every QoS 1 message for an
       // offline persistent session (perf-arch.md sec. 2.5).
       << "max_queued_messages " << security_.max_queued_messages << "\n"
       << "max_inflight_messages 20\n"
       << "set_tcp_nodelay true\n";
  // Run as root (CI), mosquitto drops to its own user, which cannot write the
  // persistence file in our directory: a restart would then lose every session.
  if (::geteuid() == 0) conf << "user root\n";
  // VIGIE_BROKER_DEBUG=1 logs every packet (mosquitto.log in the test directory).
  if (std::getenv("VIGIE_BROKER_DEBUG")) conf << "log_type all\n";
}

Broker::~Broker() {
  process_.stop(SIGTERM);
}

void Broker::start() {
  process_ = Process({"/usr/sbin/mosquitto", "-c", (dir_ / "mosquitto.conf").string()},
                     dir_ / "mosquitto.log");
  for (int i = 0; i < 200; ++i) {
    if (port_open(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("mosquitto did not start on port " + std::to_string(port_) + ": " +
                           process_.log_text());
}

void Broker::stop() {
  process_.stop(SIGTERM);
}

}  // namespace vigie::testing
