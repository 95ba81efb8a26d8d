// The gateway's own endpoints: GET /healthz, GET /metrics, GET /api/v1/stats (contract.md
// sec. 6). Alerts, agents, compliance and audit routes belong to their own rooms.
#pragma once

#include "api/gateway_status.hpp"
#include "api/router.hpp"

namespace vigie::api {

// Adds the three routes to ROUTER; their handlers read STATUS, which must outlive ROUTER.
void add_gateway_routes(Router& router, const GatewayStatus& status);

}  // namespace vigie::api
