// libpq, loaded the first time the group's PostgreSQL is needed, not at the
// gateway's start: a site without a `central:` block never maps libpq and the
// libraries it brings (GnuTLS, Kerberos, LDAP, p11-kit: 3.4 MiB of resident
// memory, issue 15). Its declarations come from <libpq-fe.h>; its functions
// through libpq(), as `libpq().PQstatus(conn)`.
#pragma once

#include <libpq-fe.h>

namespace vigie::central {

// Every libpq function Vigie calls: one list, for the table and its loader.
#define VIGIE_LIBPQ_FUNCTIONS(X) \
  X(PQclear)                     \
  X(PQconnectPoll)               \
  X(PQconnectStartParams)        \
  X(PQconninfoFree)              \
  X(PQconninfoParse)             \
  X(PQconsumeInput)              \
  X(PQerrorMessage)              \
  X(PQfinish)                    \
  X(PQflush)                     \
  X(PQfreemem)                   \
  X(PQgetResult)                 \
  X(PQgetisnull)                 \
  X(PQgetvalue)                  \
  X(PQisBusy)                    \
  X(PQnfields)                   \
  X(PQntuples)                   \
  X(PQputCopyData)               \
  X(PQputCopyEnd)                \
  X(PQresultErrorField)          \
  X(PQresultErrorMessage)        \
  X(PQresultStatus)              \
  X(PQsendQuery)                 \
  X(PQsendQueryParams)           \
  X(PQsetNoticeProcessor)        \
  X(PQsetnonblocking)            \
  X(PQsocket)                    \
  X(PQstatus)

struct Libpq {
#define VIGIE_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
  VIGIE_LIBPQ_FUNCTIONS(VIGIE_LIBPQ_MEMBER)
#undef VIGIE_LIBPQ_MEMBER
};

// Loads libpq.so.5 once per process (thread-safe). Throws std::runtime_error naming
// the library and why it cannot be loaded (Debian: the libpq5 package).
const Libpq& libpq();

}  // namespace vigie::central
