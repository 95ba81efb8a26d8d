#include "central/pg_connection.hpp"

#include <poll.h>

#include <memory>

#include "central/libpq.hpp"

namespace vigie::central {
namespace {

// libpq's message on one line (it spreads some over several, indented).
std::string trimmed(const char* message) {
  std::string s;
  for (const char* p = message ? message : ""; *p; ++p) {
    const char c = (*p == '\n' || *p == '\t') ? ' ' : *p;
    if (c != ' ' || (!s.empty() && s.back() != ' ')) s.push_back(c);
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

struct OptionsFree {
  void operator()(PQconninfoOption* o) const { libpq().PQconninfoFree(o); }
};
using ParsedOptions = std::unique_ptr<PQconninfoOption, OptionsFree>;

ParsedOptions parse(const std::string& conninfo, std::string* error) {
  char* err = nullptr;
  ParsedOptions o(libpq().PQconninfoParse(conninfo.c_str(), &err));
  if (!o && error) *error = err ? trimmed(err) : "out of memory";
  if (err) libpq().PQfreemem(err);
  return o;
}

}  // namespace

std::optional<std::string> conninfo_error(const std::string& conninfo) {
  std::string error;
  if (!parse(conninfo, &error)) return error;
  return std::nullopt;
}

bool conninfo_has_password(const std::string& conninfo) {
  const auto o = parse(conninfo, nullptr);
  if (!o) return false;
  for (auto* p = o.get(); p->keyword; ++p)
    if (std::string(p->keyword) == "password" && p->val && *p->val) return true;
  return false;
}

PgConnection::PgConnection(PgOptions options) : options_(std::move(options)) {
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  std::vector<const char*> keys{"dbname", "application_name"};
  std::vector<const char*> values{options_.conninfo.c_str(), options_.application_name.c_str()};
  if (options_.password) {
    keys.push_back("password");
    values.push_back(options_.password->c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  // expand_dbname: the dbname value is the whole conninfo; the others override it.
  conn_ = libpq().PQconnectStartParams(keys.data(), values.data(), 1);
  if (!conn_) throw CentralError("cannot allocate a PostgreSQL connection");
  if (libpq().PQstatus(conn_) == CONNECTION_BAD) fail("cannot connect");
  // Server notices (an index that already exists) are not the gateway's to print.
  libpq().PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  for (;;) {
    const auto state = libpq().PQconnectPoll(conn_);
    if (state == PGRES_POLLING_OK) break;
    if (state == PGRES_POLLING_FAILED) fail("cannot connect");
    wait(state == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline, "connecting");
  }
  if (libpq().PQsetnonblocking(conn_, 1) != 0) fail("cannot switch to non-blocking mode");
}

PgConnection::~PgConnection() {
  libpq().PQfinish(conn_);
}

bool PgConnection::usable() const {
  return conn_ && libpq().PQstatus(conn_) == CONNECTION_OK;
}

void PgConnection::fail(const std::string& what) {
  throw CentralError(what + ": " + trimmed(libpq().PQerrorMessage(conn_)));
}

void PgConnection::wait(short events, std::chrono::steady_clock::time_point deadline,
                        const char* what) {
  for (;;) {
    if (options_.stop && options_.stop()) throw CentralError(std::string("stopped ") + what);
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline)
      throw CentralError(std::string("no answer from the central PostgreSQL within ") +
                         std::to_string(options_.timeout.count() / 1000) + " s while " + what);
    pollfd p{libpq().PQsocket(conn_), events, 0};
    if (p.fd < 0) fail(what);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    const int r = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 100)));
    if (r > 0) return;
  }
}

void PgConnection::flush(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const int f = libpq().PQflush(conn_);
    if (f == 0) return;
    if (f < 0) fail("cannot send a statement");
    wait(POLLOUT | POLLIN, deadline, "sending");
    if (!libpq().PQconsumeInput(conn_)) fail("connection lost");
  }
}

std::vector<Row> PgConnection::results(std::chrono::steady_clock::time_point deadline,
                                       bool copy_in) {
  std::vector<Row> rows;
  std::optional<CentralError> error;
  for (;;) {
    if (!libpq().PQconsumeInput(conn_)) fail("connection lost");
    if (libpq().PQisBusy(conn_)) {
      wait(POLLIN, deadline, "waiting for a result");
      continue;
    }
    PGresult* r = libpq().PQgetResult(conn_);
    if (!r) break;
    const auto status = libpq().PQresultStatus(r);
    if (status == PGRES_COPY_IN && copy_in && !error) {
      libpq().PQclear(r);
      return rows;  // the server waits for the data
    }
    if (status == PGRES_TUPLES_OK) {
      rows.clear();
      for (int i = 0; i < libpq().PQntuples(r); ++i) {
        Row row;
        for (int c = 0; c < libpq().PQnfields(r); ++c)
          row.push_back(libpq().PQgetisnull(r, i, c)
                            ? std::nullopt
                            : std::optional<std::string>(libpq().PQgetvalue(r, i, c)));
        rows.push_back(std::move(row));
      }
    } else if (status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY && !error) {
      const char* state = libpq().PQresultErrorField(r, PG_DIAG_SQLSTATE);
      error.emplace(trimmed(libpq().PQresultErrorMessage(r)), state ? state : "");
    }
    libpq().PQclear(r);
  }
  if (error) throw *error;
  if (copy_in) throw CentralError("COPY did not start");
  return rows;
}

std::vector<Row> PgConnection::exec(const std::string& sql,
                                    const std::vector<std::optional<std::string>>& params) {
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  int sent = 0;
  if (params.empty()) {
    sent = libpq().PQsendQuery(conn_, sql.c_str());
  } else {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    sent = libpq().PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                     values.data(), nullptr, nullptr, 0);
  }
  if (!sent) fail("cannot send a statement");
  flush(deadline);
  return results(deadline, false);
}

void PgConnection::copy_in(const std::string& copy_sql, const std::string& data) {
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  if (!libpq().PQsendQuery(conn_, copy_sql.c_str())) fail("cannot send a statement");
  flush(deadline);
  results(deadline, true);
  // Non-blocking: a chunk the socket cannot take yet is offered again once it can.
  constexpr std::size_t kChunk = 1 << 16;
  for (std::size_t off = 0; off < data.size();) {
    const auto n = std::min(kChunk, data.size() - off);
    const int r = libpq().PQputCopyData(conn_, data.data() + off, static_cast<int>(n));
    if (r < 0) fail("COPY failed");
    if (r == 0) {
      wait(POLLOUT, deadline, "sending");
      continue;
    }
    off += n;
  }
  for (;;) {
    const int r = libpq().PQputCopyEnd(conn_, nullptr);
    if (r < 0) fail("COPY failed");
    if (r == 1) break;
    wait(POLLOUT, deadline, "sending");
  }
  flush(deadline);
  results(deadline, false);
}

}  // namespace vigie::central
