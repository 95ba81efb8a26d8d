// The self-assessment report from the dashboard (issue 19):
//   GET /api/v1/report/self-assessment?from=YYYY-MM-DD&to=YYYY-MM-DD   any role
// The site's civil days FROM..TO (both included) as one French HTML page, sent as a download.
// It names no agent, so every role gets it, the staff representatives' included.
#pragma once

#include <string>
#include <string_view>

#include "api/query_params.hpp"
#include "api/router.hpp"

namespace vigie::api {

class ReportService {
 public:
  virtual ~ReportService() = default;
  // The page, or what was wrong with FROM and TO in words for the client (a 400).
  virtual Parsed<std::string> self_assessment(const std::string& from, const std::string& to) = 0;
};

// REPORTS must outlive ROUTER.
void add_report_routes(Router& router, ReportService& reports);

}  // namespace vigie::api
