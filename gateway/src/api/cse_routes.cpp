#include "api/cse_routes.hpp"

#include <iostream>

#include "api/floor_requests.hpp"
#include "api/json_response.hpp"

namespace vigie::api {
namespace {

Response overview(const CseService& cse, const RequestContext& ctx, const SiteLocalToUtc& site) {
  const auto period = parse_period(ctx.query, site);
  if (!period.value) return error_response(http::status::bad_request, "bad_request", period.error);
  try {
    return json_response(http::status::ok, cse.overview(period.value->from, period.value->to));
  } catch (const std::exception& e) {
    std::cerr << "vigie: cse overview: " << e.what() << std::endl;
    return error_response(http::status::internal_server_error, "overview_failed",
                          "the overview could not be read; see the gateway's log");
  }
}

}  // namespace

void add_cse_routes(Router& router, const CseService& cse, SiteLocalToUtc site) {
  router.add(http::verb::get, "/api/v1/cse/overview", Access::role(Role::cse),
             [&cse, site = std::move(site)](const RequestContext& ctx) {
               return overview(cse, ctx, site);
             });
}

}  // namespace vigie::api
