// The gateway's own endpoints: GET /healthz, GET /metrics, GET /api/v1/stats (contract.md
// sec. 6), and GET /api/v1/whoami (any token: {"name","role"} of the token's holder, an
// addition to the contract for the dashboard). Floor and audit routes live elsewhere.
#pragma once

#include "api/gateway_status.hpp"
#include "api/router.hpp"

namespace vigie::api {

// Adds the four routes to ROUTER; their handlers read STATUS, which must outlive ROUTER.
void add_gateway_routes(Router& router, const GatewayStatus& status);

}  // namespace vigie::api
