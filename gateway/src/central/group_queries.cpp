#include "central/group_queries.hpp"

#include <map>

namespace vigie::central {
namespace {

using nlohmann::json;

// $1 and $2 are the period's bounds in ms; the site filter, when any, is $3.
constexpr const char* kFrom = "(timestamptz 'epoch' + $1::bigint * interval '1 millisecond')";
constexpr const char* kTo = "(timestamptz 'epoch' + $2::bigint * interval '1 millisecond')";

std::string ms(const char* column) {
  return std::string("(extract(epoch FROM ") + column + ") * 1000)::bigint";
}

json num(const std::optional<std::string>& v) {
  return v ? json(std::stoll(*v)) : json(nullptr);
}
std::int64_t count(const std::optional<std::string>& v) {
  return v ? std::stoll(*v) : 0;
}

std::vector<std::optional<std::string>> params(TimestampMs from, TimestampMs to,
                                               const std::optional<std::string>& site) {
  std::vector<std::optional<std::string>> p{std::to_string(from), std::to_string(to)};
  if (site) p.push_back(*site);
  return p;
}

}  // namespace

bool GroupQueries::answers() {
  return pg_.exec("SELECT 1").size() == 1;
}

json GroupQueries::site_rows(TimestampMs from, TimestampMs to,
                             const std::optional<std::string>& only) {
  const std::string where = only ? " WHERE s.site = $3" : " WHERE $1::bigint <= $2::bigint";
  const std::string and_site = only ? " AND site = $3" : "";
  const auto p = params(from, to, only);
  std::map<std::string, json> by_site;
  const auto sites = pg_.exec(
      "SELECT s.site, s.gateway_id, s.outbox_depth, " + ms("s.outbox_oldest") + ", " +
          ms("s.last_batch_at") +
          ", (SELECT count(*) FROM vigie.alerts a WHERE a.site = s.site AND a.state <> "
          "'resolved'),"
          " (SELECT count(*) FROM vigie.gaps g WHERE g.site = s.site AND g.status = 'open'),"
          " (SELECT count(*) FROM vigie.gaps g WHERE g.site = s.site AND g.status = 'lost'"
          " AND g.detected_at >= " +
          kFrom + " AND g.detected_at < " + kTo +
          "), (SELECT count(DISTINCT node) FROM vigie.node_history n WHERE n.site = s.site)"
          " FROM vigie.sites s" +
          where + " ORDER BY s.site",
      p);
  for (const auto& r : sites) {
    const std::string site = r[0].value_or("");
    by_site[site] = {
        {"site", site},
        {"gateway_id", r[1].value_or("")},
        {"outbox", {{"depth", count(r[2])}, {"oldest", num(r[3])}}},
        {"last_batch_at", num(r[4])},
        {"open_alerts", count(r[5])},
        {"completeness",
         {{"open_gaps", count(r[6])}, {"lost_gaps", count(r[7])}, {"nodes", count(r[8])}}},
        {"criteria", json::array()}};
  }
  // Per criterion: each agent's day held, breached, justified or without data, and the
  // alerts that fired (every subject kind) in the period, as the shipments added them up.
  std::map<std::pair<std::string, std::string>, json> criteria;
  const auto days = pg_.exec(
      std::string("SELECT site, criterion, sum(agent_days), sum(breached), sum(justified),"
                  " sum(no_data), sum(alerts_fired) FROM vigie.criterion_days WHERE day >= (") +
          kFrom + " AT TIME ZONE 'UTC')::date AND day < (" + kTo + " AT TIME ZONE 'UTC')::date" +
          and_site + " GROUP BY 1, 2",
      p);
  for (const auto& r : days) {
    auto& c = criteria[{r[0].value_or(""), r[1].value_or("")}];
    c["agent_days"] = count(r[2]);
    c["breached"] = count(r[3]);
    c["justified"] = count(r[4]);
    c["no_data"] = count(r[5]);
    c["alerts_fired"] = count(r[6]);
  }
  for (auto& [key, c] : criteria) {
    const auto it = by_site.find(key.first);
    if (it == by_site.end()) continue;
    const std::int64_t checked = c.value("agent_days", std::int64_t{0});
    const std::int64_t judged = checked - c.value("no_data", std::int64_t{0});
    c["criterion"] = key.second;
    for (const char* k : {"agent_days", "breached", "justified", "no_data", "alerts_fired"})
      if (!c.contains(k)) c[k] = 0;
    // Compliance as on a site: the share of judged agent-days not breached (justified ones hold).
    c["compliance"] = judged > 0
                          ? json(static_cast<double>(judged - c["breached"].get<std::int64_t>()) /
                                 static_cast<double>(judged))
                          : json(nullptr);
    it->second["criteria"].push_back(c);
  }
  json out = json::array();
  for (auto& [site, row] : by_site) out.push_back(std::move(row));
  return out;
}

json GroupQueries::sites(TimestampMs from, TimestampMs to) {
  return {{"from", from}, {"to", to}, {"sites", site_rows(from, to, std::nullopt)}};
}

std::optional<json> GroupQueries::site(const std::string& site, TimestampMs from, TimestampMs to,
                                       bool agent_days) {
  auto rows = site_rows(from, to, site);
  if (rows.empty()) return std::nullopt;
  json out = rows.front();
  out["from"] = from;
  out["to"] = to;
  const auto p = params(from, to, site);
  // Teams: their open alerts and the alerts that began in the period.
  std::map<std::string, json> teams;
  for (const auto& r : pg_.exec("SELECT subject_id, count(*) FROM vigie.alerts WHERE site = $3"
                                " AND subject_kind = 'team' AND state <> 'resolved' AND"
                                " $1::bigint <= $2::bigint GROUP BY 1",
                                p))
    teams[r[0].value_or("")]["open_alerts"] = count(r[1]);
  for (const auto& r : pg_.exec(std::string("SELECT subject_id, count(*) FROM vigie.alerts WHERE"
                                            " site = $3 AND subject_kind = 'team' AND"
                                            " started_at >= ") +
                                    kFrom + " AND started_at < " + kTo + " GROUP BY 1",
                                p))
    teams[r[0].value_or("")]["alerts"] = count(r[1]);
  out["teams"] = json::array();
  for (auto& [team, t] : teams) {
    t["team"] = team;
    if (!t.contains("open_alerts")) t["open_alerts"] = 0;
    if (!t.contains("alerts")) t["alerts"] = 0;
    out["teams"].push_back(t);
  }
  out["alerts"] = json::array();
  for (const auto& r : pg_.exec(
           "SELECT t.alert FROM vigie.alerts a JOIN vigie.alert_transitions t ON t.site = a.site"
           " AND t.id = a.transition_id AND t.at = a.updated_at WHERE a.site = $3 AND a.state <>"
           " 'resolved' AND $1::bigint <= $2::bigint ORDER BY a.updated_at DESC LIMIT 200",
           p))
    out["alerts"].push_back(json::parse(r[0].value_or("{}")));
  const auto cp = pg_.exec("SELECT size, root, note, " + ms("signed_at") +
                               " FROM vigie.checkpoints WHERE site = $3 AND $1::bigint <="
                               " $2::bigint ORDER BY signed_at DESC, id DESC LIMIT 1",
                           p);
  out["checkpoint"] = cp.empty() ? json(nullptr)
                                 : json{{"size", count(cp[0][0])},
                                        {"root", cp[0][1].value_or("")},
                                        {"note", cp[0][2].value_or("")},
                                        {"signed_at", num(cp[0][3])}};
  if (agent_days) {
    out["agent_days"] = json::array();
    for (const auto& r :
         pg_.exec(std::string("SELECT agent, day::text, work_ms, pause_ms, off_ms, longest_work_ms,"
                              " criteria FROM vigie.agent_days WHERE site = $3 AND day >= (") +
                      kFrom + " AT TIME ZONE 'UTC')::date AND day < (" + kTo +
                      " AT TIME ZONE 'UTC')::date ORDER BY day DESC, agent LIMIT 1000",
                  p))
      out["agent_days"].push_back({{"agent", r[0].value_or("")},
                                   {"day", r[1].value_or("")},
                                   {"work_ms", num(r[2])},
                                   {"pause_ms", num(r[3])},
                                   {"off_ms", num(r[4])},
                                   {"longest_work_ms", num(r[5])},
                                   {"criteria", json::parse(r[6].value_or("{}"))}});
  }
  return out;
}

json GroupQueries::report(TimestampMs from, TimestampMs to) {
  auto sites = site_rows(from, to, std::nullopt);
  // Each site's newest checkpoint before TO, by its index (site, signed_at).
  const auto checkpoints = pg_.exec(
      std::string("SELECT s.site, c.size, c.root, c.note, ") + ms("c.signed_at") +
          " FROM vigie.sites s CROSS JOIN LATERAL (SELECT size, root, note, signed_at FROM"
          " vigie.checkpoints k WHERE k.site = s.site AND k.signed_at < " +
          kTo + " AND $1::bigint <= $2::bigint ORDER BY k.signed_at DESC, k.id DESC LIMIT 1) c",
      params(from, to, std::nullopt));
  std::map<std::string, json> cited;
  for (const auto& r : checkpoints)
    cited[r[0].value_or("")] = {{"size", count(r[1])},
                                {"root", r[2].value_or("")},
                                {"note", r[3].value_or("")},
                                {"signed_at", num(r[4])}};
  for (auto& s : sites) {
    const auto it = cited.find(s["site"].get<std::string>());
    s["checkpoint"] = it == cited.end() ? json(nullptr) : it->second;
  }
  return {{"from", from}, {"to", to}, {"sites", sites}};
}

}  // namespace vigie::central
