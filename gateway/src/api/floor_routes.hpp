// The floor's endpoints (contract.md sec. 6):
//   GET  /api/v1/alerts               any role    alert objects; auditors get pseudonyms;
//                                                 not cse (no aggregate form: 403)
//   POST /api/v1/alerts/{id}/ack      manager     {"note"}; by = the token's name, at = now
//   POST /api/v1/alerts/{id}/justify  manager     {"reason","note"}
//   GET  /api/v1/compliance           any role    ?from=&to= (ms, ISO date or date-time); no agent in
//                                                 it, cse too
//   GET  /api/v1/agents               manager     the live floor
//   GET  /api/v1/agents/{id}/day      manager     ?date= : one agent's day as a timeline (an
//                                                 addition to the contract)
//   GET  /api/v1/nodes                any role    (an addition to the contract)
//   GET  /api/v1/live                 any role    without an upgrade: 426; the WebSocket
//                                                 itself is LiveHub's, via the upgrade hook;
//                                                 not cse (agent entries: 403)
// Admin may call all of them.
#pragma once

#include <functional>

#include "api/floor_service.hpp"
#include "api/pseudonymiser.hpp"
#include "api/query_params.hpp"
#include "api/router.hpp"

namespace vigie::api {

struct FloorRoutesOptions {
  // The gateway's wall clock, ms since the epoch: the "at" of an ack or a justification.
  std::function<EpochMs()> now;  // empty: the system clock
  // Reads the periods' ISO dates and date-times on the site's clock; empty: UTC.
  SiteLocalToUtc site;
};

// Adds the routes to ROUTER. FLOOR, LIVE and PSEUDONYMS must outlive ROUTER. An ack or a
// justification that succeeds is published to LIVE as {"type":"alert"} at once, so every
// open dashboard sees it.
void add_floor_routes(Router& router, FloorService& floor, LivePublisher& live,
                      const Pseudonymiser& pseudonyms, FloorRoutesOptions options = {});

}  // namespace vigie::api
