// A throwaway PostgreSQL 15 cluster for tests: initdb and pg_ctl from
// /usr/lib/postgresql/15/bin on a free loopback port, in a directory of the
// test's own, run as an unprivileged user when the test runs as root
// (PostgreSQL refuses root; CI runs as root). Password authentication
// (scram-sha-256) over TCP, as a real central would have.
#pragma once

#include <filesystem>
#include <string>

#include "command.hpp"

namespace vigie::testing {

class PgCluster {
 public:
  // The superuser, its password, and the database `vigie` it creates.
  static constexpr const char* kOwner = "vigie_owner";
  static constexpr const char* kPassword = "owner-secret";

  explicit PgCluster(std::filesystem::path dir);
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  void start();
  void stop();  // fast shutdown: open transactions rolled back, connections ended
  int port() const { return port_; }
  // A libpq conninfo for USER on the database vigie, through PORT (a proxy) if given.
  std::string conninfo(const std::string& user, int port = 0) const;
  // psql -At as USER (password PASSWORD) on the database vigie; stops at the first error.
  CommandRun psql(const std::string& sql, const std::string& user = kOwner,
                  const std::string& password = kPassword) const;
  // The one value a query returns, as the owner ("" on error, with the error logged).
  std::string value(const std::string& sql) const;
  // pg_dump of the database vigie (plain SQL), as the owner.
  std::string dump() const;
  std::string log_text() const;

 private:
  std::string as_postgres() const;  // the prefix that runs a server binary as its user

  std::filesystem::path dir_;
  int port_;
  bool running_ = false;
};

}  // namespace vigie::testing
