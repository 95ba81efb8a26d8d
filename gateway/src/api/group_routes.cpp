#include "api/group_routes.hpp"

#include <iomanip>
#include <iostream>
#include <sstream>

#include "api/floor_requests.hpp"
#include "api/json_response.hpp"
#include "api/query_params.hpp"
#include "domain/csv.hpp"

namespace vigie::api {
namespace {

using nlohmann::json;

Response unavailable(const std::exception& e) {
  // The database's words (host names, roles) stay in the log.
  std::cerr << "vigie central: " << e.what() << std::endl;
  return error_response(http::status::service_unavailable, "central_unavailable",
                        "the central database did not answer; see the server's log");
}

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  if (v.is_number_float()) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(4) << v.get<double>();
    return s.str();
  }
  return v.dump();
}

Response report(GroupService& group, const RequestContext& ctx) {
  const auto params = parse_query(ctx.query, {"from", "to", "format"});
  if (!params.value) return error_response(http::status::bad_request, "bad_request", params.error);
  std::int64_t bounds[2] = {0, 0};
  const char* names[2] = {"from", "to"};
  for (int i = 0; i < 2; ++i) {
    const auto it = params.value->find(names[i]);
    if (it == params.value->end())
      return error_response(http::status::bad_request, "bad_request",
                            std::string("'") + names[i] +
                                "' is required: a time in milliseconds since the Unix epoch");
    const auto ms = parse_epoch_ms(names[i], it->second);
    if (!ms.value) return error_response(http::status::bad_request, "bad_request", ms.error);
    bounds[i] = *ms.value;
  }
  if (bounds[0] >= bounds[1])
    return error_response(http::status::bad_request, "bad_request", "'from' must be before 'to'");
  const auto f = params.value->find("format");
  const std::string format = f == params.value->end() ? "json" : f->second;
  if (format != "json" && format != "html" && format != "csv")
    return error_response(http::status::bad_request, "bad_request",
                          "'format' is json, html or csv");
  try {
    const auto r = group.report(bounds[0], bounds[1]);
    if (format == "json") return json_response(http::status::ok, r);
    Response res{http::status::ok, ctx.request.version()};
    res.set(http::field::content_type,
            format == "html" ? "text/html; charset=utf-8" : "text/csv; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = format == "html" ? group_report_html(r) : group_report_csv(r);
    res.prepare_payload();
    return res;
  } catch (const std::exception& e) {
    return unavailable(e);
  }
}

}  // namespace

std::string group_report_csv(const json& report) {
  CsvWriter csv(CsvStyle{}, {"site", "criterion", "agent_days", "breached", "justified", "no_data",
                             "alerts_fired", "compliance", "checkpoint_size", "checkpoint_root",
                             "checkpoint_signed_at"});
  for (const auto& s : report.value("sites", json::array())) {
    const auto cp = s.value("checkpoint", json());
    for (const auto& c : s.value("criteria", json::array()))
      csv.line({text_of(s["site"]), text_of(c["criterion"]), text_of(c["agent_days"]),
                text_of(c["breached"]), text_of(c["justified"]), text_of(c["no_data"]),
                text_of(c["alerts_fired"]), csv.decimal(text_of(c["compliance"])),
                cp.is_object() ? text_of(cp["size"]) : "",
                cp.is_object() ? text_of(cp["root"]) : "",
                cp.is_object() ? text_of(cp["signed_at"]) : ""});
  }
  return csv.text();
}

std::string group_report_html(const json& report) {
  std::ostringstream h;
  h << "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Vigie — rapport "
       "de groupe</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:"
       "collapse;margin-bottom:1.5em}td,th{border:1px solid #999;padding:.2em .5em;text-align:"
       "right}td:first-child,th:first-child{text-align:left}pre{background:#f4f4f4;padding:.5em;"
       "white-space:pre-wrap}</style></head><body>"
    << "<h1>Rapport de groupe</h1><p>Période (ms depuis l'époque Unix, UTC) : "
    << text_of(report["from"]) << " – " << text_of(report["to"])
    << ". Agents sous pseudonyme uniquement.</p>";
  for (const auto& s : report.value("sites", json::array())) {
    h << "<section class=\"site\"><h2>" << escaped(text_of(s["site"])) << "</h2>"
      << "<table><tr><th>critère</th><th>jours-agent</th><th>manquements</th><th>justifiés</th>"
         "<th>sans données</th><th>alertes</th><th>conformité</th></tr>";
    for (const auto& c : s.value("criteria", json::array()))
      h << "<tr><td>" << escaped(text_of(c["criterion"])) << "</td><td>" << text_of(c["agent_days"])
        << "</td><td>" << text_of(c["breached"]) << "</td><td>" << text_of(c["justified"])
        << "</td><td>" << text_of(c["no_data"]) << "</td><td>" << text_of(c["alerts_fired"])
        << "</td><td>" << text_of(c["compliance"]) << "</td></tr>";
    h << "</table>";
    const auto cp = s.value("checkpoint", json());
    if (cp.is_object())
      h << "<p>Point de contrôle signé du site (taille " << text_of(cp["size"]) << ", racine "
        << escaped(text_of(cp["root"])) << ", signé à " << text_of(cp["signed_at"])
        << ") :</p><pre class=\"checkpoint\">" << escaped(text_of(cp["note"])) << "</pre>";
    else
      h << "<p>Aucun point de contrôle signé avant la fin de la période.</p>";
    h << "</section>";
  }
  h << "</body></html>";
  return h.str();
}

void add_group_routes(Router& router, GroupService& group) {
  router.add(http::verb::get, "/healthz", Access::open(), [&group](const RequestContext&) {
    bool up = false;
    try {
      up = group.healthy();
    } catch (const std::exception& e) {
      std::cerr << "vigie central: " << e.what() << std::endl;
    }
    return json_response(up ? http::status::ok : http::status::service_unavailable,
                         {{"status", up ? "ok" : "degraded"}});
  });
  router.add(http::verb::get, "/api/v1/whoami", Access::any_token(), [](const RequestContext& ctx) {
    return json_response(http::status::ok, {{"name", ctx.principal->name},
                                            {"role", std::string(role_name(ctx.principal->role))}});
  });
  router.add(http::verb::get, "/api/v1/group/sites", Access::any_token(),
             [&group](const RequestContext& ctx) {
               const auto period = parse_period(ctx.query);
               if (!period.value)
                 return error_response(http::status::bad_request, "bad_request", period.error);
               try {
                 return json_response(http::status::ok,
                                      group.sites(period.value->from, period.value->to));
               } catch (const std::exception& e) {
                 return unavailable(e);
               }
             });
  // A site's drill-down lists agents' days by pseudonym: not for a cse token.
  router.add(http::verb::get, "/api/v1/group/sites/{site}", Access::agent_level(),
             [&group](const RequestContext& ctx) {
               const auto period = parse_period(ctx.query);
               if (!period.value)
                 return error_response(http::status::bad_request, "bad_request", period.error);
               const auto& site = ctx.params.at("site");
               if (!is_valid_id(site))
                 return error_response(http::status::bad_request, "bad_request",
                                       "a site id is 1-64 characters of [A-Za-z0-9._-]");
               try {
                 const auto s = group.site(site, period.value->from, period.value->to);
                 if (!s)
                   return error_response(http::status::not_found, "not_found",
                                         "no site with this id has shipped anything");
                 return json_response(http::status::ok, *s);
               } catch (const std::exception& e) {
                 return unavailable(e);
               }
             });
  router.add(http::verb::get, "/api/v1/group/report", Access::role(Role::auditor),
             [&group](const RequestContext& ctx) { return report(group, ctx); });
}

}  // namespace vigie::api
