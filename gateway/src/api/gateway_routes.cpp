#include "api/gateway_routes.hpp"

#include <nlohmann/json.hpp>

#include "api/json_response.hpp"

namespace vigie::api {

namespace {

// The content type Prometheus scrapers expect for text exposition format 0.0.4.
constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// Per-agent monitoring off is not a fault: /healthz stays 200, and says so.
nlohmann::json governance_details(const GovernanceStatus& g) {
  return {{"complete", g.complete},
          {"missing", g.missing},
          {"mode", g.complete ? "per_agent" : "team_only"}};
}

// Anyone who reaches the port learns the status alone; the details (SQLite's error with the
// store's path, the broker link, the governance dates) are for holders of a valid token.
Response healthz(const GatewayStatus& status, const RequestContext& ctx) {
  const bool broker = status.broker_connected();
  const bool store = status.store_writable();
  const auto code = broker && store ? http::status::ok : http::status::service_unavailable;
  nlohmann::json body = {{"status", broker && store ? "ok" : "degraded"}};
  if (!ctx.principal) return json_response(code, body);
  // Say which part is down, so an operator knows where to look.
  if (!(broker && store)) {
    body["broker"] = broker;
    body["store"] = store;
  }
  if (!store) body["store_error"] = status.store_error();
  if (const auto site = status.site())
    body["site"] = {{"id", site->site}, {"timezone", site->timezone}};
  if (const auto governance = status.governance())
    body["governance"] = governance_details(*governance);
  if (const auto o = status.outbox()) {
    body["outbox"] = {{"depth", o->depth},
                      {"oldest_age_seconds", o->oldest_age_seconds},
                      {"central_connected", o->central_connected}};
    if (!o->last_error.empty()) body["outbox"]["last_error"] = o->last_error;
  }
  return json_response(code, body);
}

Response metrics(const GatewayStatus& status) {
  Response res{http::status::ok, 11};
  res.set(http::field::content_type, kPrometheusContentType);
  res.body() = status.prometheus_text();
  return res;
}

Response stats(const GatewayStatus& status) {
  const IngestStats s = status.stats();
  return json_response(http::status::ok, {{"events_received", s.events_received},
                                          {"events_stored", s.events_stored},
                                          {"duplicates", s.duplicates},
                                          {"quarantined", s.quarantined},
                                          {"gaps", s.gaps},
                                          {"nodes_online", s.nodes_online},
                                          {"nodes_total", s.nodes_total}});
}

// Who the token belongs to: the dashboard shows the name and picks its pages by role.
Response whoami(const RequestContext& ctx) {
  return json_response(http::status::ok, {{"name", ctx.principal->name},
                                          {"role", std::string(role_name(ctx.principal->role))}});
}

}  // namespace

void add_gateway_routes(Router& router, const GatewayStatus& status) {
  router.add(http::verb::get, "/healthz", Access::open_or_token(),
             [&status](const RequestContext& ctx) { return healthz(status, ctx); });
  router.add(http::verb::get, "/metrics", Access::open(),
             [&status](const RequestContext&) { return metrics(status); });
  router.add(http::verb::get, "/api/v1/stats", Access::any_token(),
             [&status](const RequestContext&) { return stats(status); });
  router.add(http::verb::get, "/api/v1/whoami", Access::any_token(), whoami);
}

}  // namespace vigie::api
