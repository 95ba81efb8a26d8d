#include "pg_cluster.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "process.hpp"

namespace vigie::testing {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";
constexpr uid_t kNobody = 65534;

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

}  // namespace

PgCluster::PgCluster(std::filesystem::path dir) : dir_(std::move(dir)), port_(free_port()) {
  std::filesystem::create_directories(dir_);
  // Everything the server writes lives under a directory its user owns.
  const auto home = dir_ / "pg";
  std::filesystem::create_directories(home);
  if (::geteuid() == 0 && ::chown(home.c_str(), kNobody, kNobody) != 0)
    throw std::runtime_error("cannot give " + home.string() + " to nobody");
  std::ofstream(home / "pw") << kPassword << "\n";
  if (::geteuid() == 0 && ::chown((home / "pw").c_str(), kNobody, kNobody) != 0)
    throw std::runtime_error("cannot give the password file to nobody");
  const auto r = run_command(as_postgres() + kBin + "initdb -D " + (home / "data").string() +
                             " -U " + kOwner + " --pwfile " + (home / "pw").string() +
                             " --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale"
                             " --no-sync");
  if (r.code != 0) throw std::runtime_error("initdb failed: " + r.output);
  start();
  const auto created = run_command("PGPASSWORD=" + std::string(kPassword) +
                                   " psql -h 127.0.0.1 -p " + std::to_string(port_) + " -U " +
                                   kOwner + " -d postgres -Atc 'CREATE DATABASE vigie'");
  if (created.code != 0) throw std::runtime_error("CREATE DATABASE failed: " + created.output);
}

PgCluster::~PgCluster() {
  if (running_)
    run_command(as_postgres() + kBin + "pg_ctl -D " + (dir_ / "pg" / "data").string() +
                " -m immediate -w stop");
}

std::string PgCluster::as_postgres() const {
  return ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
}

void PgCluster::start() {
  const auto home = dir_ / "pg";
  // TCP only (a socket path under a long test directory passes Unix's 107 bytes); fsync off:
  // a test's cluster never outlives a power cut, and CI's disk is slow.
  const auto r = run_command(as_postgres() + kBin + "pg_ctl -D " + (home / "data").string() +
                             " -l " + (home / "log").string() + " -w -t 60 -o " +
                             quoted("-p " + std::to_string(port_) +
                                    " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                                    " -c fsync=off") +
                             " start");
  if (r.code != 0) throw std::runtime_error("pg_ctl start failed: " + r.output + log_text());
  running_ = true;
}

void PgCluster::stop() {
  const auto r = run_command(as_postgres() + kBin + "pg_ctl -D " + (dir_ / "pg" / "data").string() +
                             " -m fast -w -t 60 stop");
  if (r.code != 0) throw std::runtime_error("pg_ctl stop failed: " + r.output);
  running_ = false;
}

std::string PgCluster::conninfo(const std::string& user, int port) const {
  return "host=127.0.0.1 port=" + std::to_string(port ? port : port_) +
         " dbname=vigie user=" + user;
}

CommandRun PgCluster::psql(const std::string& sql, const std::string& user,
                           const std::string& password) const {
  static std::atomic<int> n{0};
  const auto file = dir_ / ("q" + std::to_string(n++) + ".sql");
  std::ofstream(file) << sql;
  return run_command("PGPASSWORD=" + password + " psql -X -h 127.0.0.1 -p " +
                     std::to_string(port_) + " -U " + user +
                     " -d vigie -At -v ON_ERROR_STOP=1 -f " + file.string());
}

std::string PgCluster::value(const std::string& sql) const {
  const auto r = psql(sql);
  if (r.code != 0) {
    std::cerr << "psql: " << sql << ": " << r.output << std::endl;
    return "";
  }
  auto out = r.output;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string PgCluster::dump() const {
  const auto r = run_command("PGPASSWORD=" + std::string(kPassword) + " pg_dump -h 127.0.0.1 -p " +
                             std::to_string(port_) + " -U " + kOwner + " -d vigie");
  if (r.code != 0) throw std::runtime_error("pg_dump failed: " + r.output);
  return r.output;
}

std::string PgCluster::log_text() const {
  std::ifstream in(dir_ / "pg" / "log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace vigie::testing
