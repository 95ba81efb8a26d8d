// The staff representatives' endpoint (issue 19):
//   GET /api/v1/cse/overview?from=&to=   cse (and admin)   CseService::overview; the period in
//                                        ms, ISO dates or date-times (on the site's clock)
#pragma once

#include "api/cse_service.hpp"
#include "api/query_params.hpp"
#include "api/router.hpp"

namespace vigie::api {

// CSE must outlive ROUTER. SITE reads dates in periods on the site's clock (UTC when unset).
void add_cse_routes(Router& router, const CseService& cse, SiteLocalToUtc site = {});

}  // namespace vigie::api
