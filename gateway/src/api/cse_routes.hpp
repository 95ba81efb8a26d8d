// The staff representatives' endpoint (issue 19):
//   GET /api/v1/cse/overview?from=&to=   cse (and admin)   CseService::overview, period in ms
#pragma once

#include "api/cse_service.hpp"
#include "api/router.hpp"

namespace vigie::api {

// CSE must outlive ROUTER.
void add_cse_routes(Router& router, const CseService& cse);

}  // namespace vigie::api
