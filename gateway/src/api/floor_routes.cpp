#include "api/floor_routes.hpp"

#include <nlohmann/json.hpp>

#include "api/floor_requests.hpp"
#include "api/json_response.hpp"
#include "domain/wall_now.hpp"

namespace vigie::api {

namespace {

bool sees_pseudonyms(const RequestContext& ctx) {
  return ctx.principal && Pseudonymiser::applies_to(ctx.principal->role);
}

Response bad_request(const std::string& message) {
  return error_response(http::status::bad_request, "bad_request", message);
}

Response no_such_alert() {
  return error_response(http::status::not_found, "not_found", "no alert with this id");
}

class FloorRoutes {
 public:
  FloorRoutes(FloorService& floor, LivePublisher& live, const Pseudonymiser& pseudonyms,
              std::function<EpochMs()> now, SiteLocalToUtc site)
      : floor_(floor),
        live_(live),
        pseudonyms_(pseudonyms),
        now_(std::move(now)),
        site_(std::move(site)) {}

  Response alerts(const RequestContext& ctx) const {
    const auto query = parse_alert_query(ctx.query, site_);
    if (!query.value) return bad_request(query.error);
    nlohmann::json out = nlohmann::json::array();
    const bool pseudonymise = sees_pseudonyms(ctx);
    for (auto& alert : floor_.alerts(*query.value)) {
      out.push_back(pseudonymise ? pseudonyms_.alert(std::move(alert)) : std::move(alert));
    }
    return json_response(http::status::ok, out);
  }

  Response acknowledge(const RequestContext& ctx) const {
    const auto body = parse_ack_body(ctx.request.body());
    if (!body.value) return bad_request(body.error);
    const std::string& id = ctx.params.at("id");
    if (!is_valid_id(id)) return no_such_alert();
    auto alert = floor_.acknowledge(id, ctx.principal->name, now_(), body.value->note);
    return acted(std::move(alert));
  }

  Response justify(const RequestContext& ctx) const {
    const auto body = parse_justify_body(ctx.request.body());
    if (!body.value) return bad_request(body.error);
    const std::string& id = ctx.params.at("id");
    if (!is_valid_id(id)) return no_such_alert();
    auto alert =
        floor_.justify(id, ctx.principal->name, now_(), body.value->reason, body.value->note);
    return acted(std::move(alert));
  }

  Response compliance(const RequestContext& ctx) const {
    const auto period = parse_period(ctx.query, site_);
    if (!period.value) return bad_request(period.error);
    return json_response(http::status::ok, floor_.compliance(period.value->from, period.value->to));
  }

  Response agents(const RequestContext& ctx) const {
    if (!ctx.query.empty()) {
      const auto params = parse_query(ctx.query, {});
      if (!params.value) return bad_request(params.error);
    }
    return json_response(http::status::ok, floor_.agents());
  }

  Response nodes() const { return json_response(http::status::ok, floor_.nodes()); }

  // GET /api/v1/agents/{id}/day?date=2026-12-07 (default: today on the site's clock).
  Response agent_day(const RequestContext& ctx) const {
    const auto params = parse_query(ctx.query, {"date"});
    if (!params.value) return bad_request(params.error);
    const std::string& id = ctx.params.at("id");
    if (!is_valid_id(id)) return no_such_agent();
    std::string date;
    if (const auto it = params.value->find("date"); it != params.value->end()) {
      const auto day = parse_time_param("date", it->second, site_);
      if (!day.value || it->second.size() != 10)
        return bad_request("'date' must be a civil date, e.g. 2026-12-07");
      date = it->second;
    }
    auto day = floor_.agent_day(id, date);
    if (day.is_null()) return no_such_agent();
    return json_response(http::status::ok, day);
  }

 private:
  // Only managers and admins act, and they see identifiers: no pseudonyms on this path.
  Response acted(std::optional<nlohmann::json> alert) const {
    if (!alert) return no_such_alert();
    live_.publish({{"type", "alert"}, {"alert", *alert}});
    return json_response(http::status::ok, *alert);
  }

  static Response no_such_agent() {
    return error_response(http::status::not_found, "not_found", "no agent with this id");
  }

  FloorService& floor_;
  LivePublisher& live_;
  const Pseudonymiser& pseudonyms_;
  std::function<EpochMs()> now_;
  SiteLocalToUtc site_;
};

Response upgrade_required(const RequestContext&) {
  Response res = error_response(http::status::upgrade_required, "upgrade_required",
                                "/api/v1/live is a WebSocket: connect with an Upgrade: websocket "
                                "request");
  res.set(http::field::upgrade, "websocket");
  return res;
}

}  // namespace

void add_floor_routes(Router& router, FloorService& floor, LivePublisher& live,
                      const Pseudonymiser& pseudonyms, FloorRoutesOptions options) {
  auto routes = std::make_shared<const FloorRoutes>(floor, live, pseudonyms,
                                                    options.now ? std::move(options.now) : wall_now,
                                                    std::move(options.site));
  const Access any = Access::any_token();
  // Alerts name agents (or their pseudonyms) and carry notes about them; the live feed sends
  // agent entries: neither has an aggregate form, so a cse token gets 403 (contract.md sec. 6).
  const Access agent_level = Access::agent_level();
  const Access manager = Access::role(Role::manager);
  // Each route calls one member of the shared FloorRoutes.
  auto route = [&](http::verb verb, const char* path, const Access& access,
                   Response (FloorRoutes::*handle)(const RequestContext&) const) {
    router.add(verb, path, access,
               [routes, handle](const RequestContext& ctx) { return ((*routes).*handle)(ctx); });
  };
  route(http::verb::get, "/api/v1/alerts", agent_level, &FloorRoutes::alerts);
  route(http::verb::post, "/api/v1/alerts/{id}/ack", manager, &FloorRoutes::acknowledge);
  route(http::verb::post, "/api/v1/alerts/{id}/justify", manager, &FloorRoutes::justify);
  route(http::verb::get, "/api/v1/compliance", any, &FloorRoutes::compliance);
  route(http::verb::get, "/api/v1/agents", manager, &FloorRoutes::agents);
  route(http::verb::get, "/api/v1/agents/{id}/day", manager, &FloorRoutes::agent_day);
  router.add(http::verb::get, "/api/v1/nodes", any,
             [routes](const RequestContext&) { return routes->nodes(); });
  router.add(http::verb::get, "/api/v1/live", agent_level, upgrade_required);
}

}  // namespace vigie::api
