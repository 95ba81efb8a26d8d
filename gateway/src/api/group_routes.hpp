// `vigie central serve`'s routes: the group's sites first, a site's drill-down,
// and the period's audit report (JSON, HTML, CSV) citing each site's signed
// checkpoint. The API room knows the service by this interface only.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/router.hpp"

namespace vigie::api {

class GroupService {
 public:
  virtual ~GroupService() = default;
  // Each throws std::exception when the central database fails (answered 503).
  virtual nlohmann::json sites(std::int64_t from, std::int64_t to) = 0;
  virtual std::optional<nlohmann::json> site(const std::string& site, std::int64_t from,
                                             std::int64_t to) = 0;
  virtual nlohmann::json report(std::int64_t from, std::int64_t to) = 0;
  virtual bool healthy() = 0;
};

// GET /healthz (none), /api/v1/whoami and /api/v1/group/sites[/{site}] (any role),
// /api/v1/group/report (auditor).
void add_group_routes(Router& router, GroupService& group);

// The report as a self-contained HTML page and as CSV (one line per site and criterion).
std::string group_report_html(const nlohmann::json& report);
std::string group_report_csv(const nlohmann::json& report);

}  // namespace vigie::api
