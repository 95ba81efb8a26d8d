#include "api/audit_routes.hpp"

#include <iostream>

#include "api/floor_requests.hpp"
#include "api/json_response.hpp"

namespace vigie::api {
namespace {

Response no_evidence() {
  return error_response(http::status::not_found, "no_evidence",
                        "the evidence ledger is empty: nothing has been recorded yet");
}

Response pack(AuditService& audit, const RequestContext& ctx, const SiteLocalToUtc& site) {
  const auto period = parse_period(ctx.query, site);
  if (!period.value) return error_response(http::status::bad_request, "bad_request", period.error);
  try {
    auto archive = audit.pack_archive(period.value->from, period.value->to);
    if (!archive) return no_evidence();
    return attachment(ctx.request.version(), "application/x-tar",
                      audit.pack_name(period.value->from, period.value->to) + ".tar",
                      std::move(*archive));
  } catch (const std::exception& e) {
    std::cerr << "vigie: audit pack: " << e.what() << std::endl;
    return error_response(http::status::internal_server_error, "pack_failed",
                          "the audit pack could not be written; see the gateway's log");
  }
}

}  // namespace

void add_audit_routes(Router& router, AuditService& audit, SiteLocalToUtc site) {
  const Access auditor = Access::role(Role::auditor);
  router.add(http::verb::get, "/api/v1/audit/pack", auditor,
             [&audit, site = std::move(site)](const RequestContext& ctx) {
               return pack(audit, ctx, site);
             });
  router.add(http::verb::get, "/api/v1/audit/checkpoint", auditor, [&audit](const RequestContext&) {
    auto c = audit.latest_checkpoint();
    return c ? json_response(http::status::ok, *c) : no_evidence();
  });
}

}  // namespace vigie::api
