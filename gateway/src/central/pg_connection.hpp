// One libpq connection to the group's central PostgreSQL. Every wait (connect,
// send, result) is bounded by a timeout and checks a stop predicate every
// 100 ms, so a WAN that drops packets never holds the caller longer than that:
// libpq is used in its non-blocking mode, never in its blocking calls.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct pg_conn;

namespace vigie::central {

// PostgreSQL's or libpq's own message; SQLSTATE when the server gave one.
class CentralError : public std::runtime_error {
 public:
  CentralError(const std::string& what, std::string sqlstate = {})
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

using Row = std::vector<std::optional<std::string>>;

struct PgOptions {
  std::string conninfo;                 // libpq keyword/value string or URI
  std::optional<std::string> password;  // read from a file: never inside conninfo
  std::string application_name = "vigie";
  std::chrono::milliseconds timeout = std::chrono::seconds(30);  // per connect or statement
  std::function<bool()> stop;  // true: give up the wait at once (CentralError)
};

// Checks CONNINFO's syntax (libpq's parser); the error in libpq's words if bad.
std::optional<std::string> conninfo_error(const std::string& conninfo);
// Whether CONNINFO carries a password (refused: a password goes in a file).
bool conninfo_has_password(const std::string& conninfo);

class PgConnection {
 public:
  // Connects; throws CentralError.
  explicit PgConnection(PgOptions options);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs SQL: with parameters one statement (text parameters, NULL for nullopt),
  // without several separated by ';'. Returns the last statement's rows as text.
  // Throws CentralError on any error; the connection may then be broken.
  std::vector<Row> exec(const std::string& sql,
                        const std::vector<std::optional<std::string>>& params = {});
  // COPY ... FROM STDIN with DATA (COPY's text format), under the same bounds.
  void copy_in(const std::string& copy_sql, const std::string& data);
  // False once the link is known broken: open a new connection.
  bool usable() const;

 private:
  // Waits until the socket is ready for EVENTS (poll(2) flags), the deadline or stop.
  void wait(short events, std::chrono::steady_clock::time_point deadline, const char* what);
  [[noreturn]] void fail(const std::string& what);
  void flush(std::chrono::steady_clock::time_point deadline);
  // Reads every result of the statement sent; throws the first error.
  std::vector<Row> results(std::chrono::steady_clock::time_point deadline, bool copy_in);

  PgOptions options_;
  pg_conn* conn_ = nullptr;
};

}  // namespace vigie::central
