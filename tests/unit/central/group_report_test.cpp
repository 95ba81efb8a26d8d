// The group's audit report as CSV and HTML: one line per site and criterion, each site's
// signed checkpoint cited, and nothing a site's data holds read as markup or as a column.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/group_routes.hpp"

namespace vigie::api {
namespace {

using nlohmann::json;

json report() {
  return {
      {"from", 1000},
      {"to", 2000},
      {"sites",
       {{{"site", "paris-1"},
         {"criteria",
          {{{"criterion", "BRK-01"},
            {"agent_days", 40},
            {"breached", 4},
            {"justified", 1},
            {"no_data", 0},
            {"alerts_fired", 5},
            {"compliance", 0.9}}}},
         {"checkpoint",
          {{"size", 12}, {"root", "ab01"}, {"signed_at", 1500}, {"note", "vigie/paris-1/gw <x>"}}}},
        {{"site", "lyon,2"}, {"criteria", json::array()}, {"checkpoint", nullptr}}}}};
}

// For a spreadsheet set to French, as the audit pack's tables: a BOM, ';', decimal commas.
TEST(GroupReport, CsvHasOneLinePerSiteAndCriterionCitingTheCheckpoint) {
  EXPECT_EQ(group_report_csv(report()),
            "\xEF\xBB\xBF"
            "site;criterion;agent_days;breached;justified;no_data;alerts_fired;compliance;"
            "checkpoint_size;checkpoint_root;checkpoint_signed_at\n"
            "paris-1;BRK-01;40;4;1;0;5;0,9000;12;ab01;1500\n");
  auto r = report();
  r["sites"][1]["criteria"].push_back({{"criterion", "BRK-\"2\";x"}, {"agent_days", 1}});
  EXPECT_NE(group_report_csv(r).find("\nlyon,2;\"BRK-\"\"2\"\";x\";1;;;;;;;;\n"), std::string::npos)
      << group_report_csv(r);
}

TEST(GroupReport, HtmlCitesEachSitesCheckpointEscaped) {
  const auto html = group_report_html(report());
  EXPECT_NE(html.find("<pre class=\"checkpoint\">vigie/paris-1/gw &lt;x&gt;</pre>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<h2>lyon,2</h2>"), std::string::npos);
  EXPECT_NE(html.find("Aucun point de contrôle signé"), std::string::npos);
  EXPECT_EQ(html.find("<x>"), std::string::npos);
}

}  // namespace
}  // namespace vigie::api

namespace vigie::api {
namespace {

// A cse token on the group's server: the sites' aggregates, never a site's drill-down (its
// agents' days by pseudonym) nor the auditors' report.
TEST(GroupRoutes, ACseTokenGetsTheSitesButNotADrillDownNorTheReport) {
  struct NoGroup : GroupService {
    nlohmann::json sites(std::int64_t, std::int64_t) override { return nlohmann::json::array(); }
    std::optional<nlohmann::json> site(const std::string&, std::int64_t, std::int64_t) override {
      return std::nullopt;
    }
    nlohmann::json report(std::int64_t, std::int64_t) override { return {}; }
    bool healthy() override { return true; }
  } group;
  Router router;
  add_group_routes(router, group);
  const auto access_of = [&](const std::string& pattern) {
    for (const auto& r : router.routes())
      if (r.pattern == pattern) return r.access;
    ADD_FAILURE() << pattern;
    return Access::open();
  };
  EXPECT_TRUE(access_of("/api/v1/group/sites").admits(Role::cse));
  EXPECT_FALSE(access_of("/api/v1/group/sites/{site}").admits(Role::cse));
  EXPECT_TRUE(access_of("/api/v1/group/sites/{site}").admits(Role::manager));
  EXPECT_TRUE(access_of("/api/v1/group/sites/{site}").admits(Role::auditor));
  EXPECT_FALSE(access_of("/api/v1/group/report").admits(Role::cse));
}

}  // namespace
}  // namespace vigie::api
