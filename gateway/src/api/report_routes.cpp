#include "api/report_routes.hpp"

#include <iostream>

#include "api/json_response.hpp"

namespace vigie::api {
namespace {

Response bad_request(const std::string& message) {
  return error_response(http::status::bad_request, "bad_request", message);
}

Response self_assessment(ReportService& reports, const RequestContext& ctx) {
  const auto params = parse_query(ctx.query, {"from", "to"});
  if (!params.value) return bad_request(params.error);
  const auto from = params.value->find("from"), to = params.value->find("to");
  if (from == params.value->end() || to == params.value->end())
    return bad_request("'from' and 'to' are required: dates YYYY-MM-DD, both included");
  try {
    auto page = reports.self_assessment(from->second, to->second);
    if (!page.value) return bad_request(page.error);
    // The dates were checked by the service: only digits and dashes reach the header.
    auto res = attachment(ctx.request.version(), "text/html; charset=utf-8",
                          "vigie-auto-evaluation-" + from->second + "-" + to->second + ".html",
                          std::move(*page.value));
    res.set("X-Content-Type-Options", "nosniff");
    return res;
  } catch (const std::exception& e) {
    std::cerr << "vigie: self-assessment report: " << e.what() << std::endl;
    return error_response(http::status::internal_server_error, "report_failed",
                          "the report could not be written; see the gateway's log");
  }
}

}  // namespace

void add_report_routes(Router& router, ReportService& reports) {
  router.add(http::verb::get, "/api/v1/report/self-assessment", Access::any_token(),
             [&reports](const RequestContext& ctx) { return self_assessment(reports, ctx); });
}

}  // namespace vigie::api
