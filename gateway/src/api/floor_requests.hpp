// What the floor routes read from a request (query strings and JSON bodies), checked, with
// messages that say which field was wrong and how.
#pragma once

#include <string>
#include <string_view>

#include "api/floor_service.hpp"
#include "api/query_params.hpp"

namespace vigie::api {

// Longest accepted note or reason, in bytes: a sentence or two, not a document.
inline constexpr std::size_t kMaxNoteBytes = 2000;
// Longest compliance period: a year and a little, so one request stays cheap.
inline constexpr EpochMs kMaxCompliancePeriodMs = EpochMs{400} * 24 * 3600 * 1000;

// GET /api/v1/alerts?state=active|resolved|all&criterion=&since=&until=
// Times as parse_time_param reads them (ms, ISO dates and date-times on SITE's clock).
Parsed<AlertQuery> parse_alert_query(std::string_view query, const SiteLocalToUtc& site = {});

struct Period {
  EpochMs from = 0;
  EpochMs to = 0;
};
// GET /api/v1/compliance?from=&to= : both required, from < to, at most kMaxCompliancePeriodMs;
// each as parse_time_param reads it.
Parsed<Period> parse_period(std::string_view query, const SiteLocalToUtc& site = {});

// POST .../ack {"note"}: note optional. An empty body is the same as {}.
struct AckBody {
  std::string note;
};
Parsed<AckBody> parse_ack_body(std::string_view body);

// POST .../justify {"reason","note"}: reason required and not blank, note optional.
struct JustifyBody {
  std::string reason;
  std::string note;
};
Parsed<JustifyBody> parse_justify_body(std::string_view body);

}  // namespace vigie::api
