#include "api/dashboard_routes.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/dashboard_files.hpp"

namespace vigie::api {
namespace {

constexpr EmbeddedFile kFiles[] = {
    {"index.html", "<!doctype html><title>Vigie</title>"},
    {"assets/index-abc123.js", "console.log(1)"},
    {"assets/index-abc123.css", "body{}"},
};

Response get(const Router& router, std::string target) {
  const Authenticator none({});
  return router.handle(Request{http::verb::get, target, 11}, none);
}

TEST(DashboardRoutes, RootServesIndexWithoutTokenAndWithACsp) {
  Router router;
  add_dashboard_routes(router, kFiles);
  const Response res = get(router, "/");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(res.body(), kFiles[0].bytes);
  EXPECT_NE(std::string(res["Content-Security-Policy"]).find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(res[http::field::cache_control], "no-cache");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
}

TEST(DashboardRoutes, AssetsAreServedAtTheirPathWithTheirType) {
  Router router;
  add_dashboard_routes(router, kFiles);
  const Response js = get(router, "/assets/index-abc123.js");
  ASSERT_EQ(js.result(), http::status::ok);
  EXPECT_EQ(js[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body(), "console.log(1)");
  EXPECT_EQ(js[http::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(get(router, "/assets/index-abc123.css")[http::field::content_type],
            "text/css; charset=utf-8");
  EXPECT_EQ(get(router, "/index.html").result(), http::status::ok);
}

TEST(DashboardRoutes, UnknownAssetIs404Json) {
  Router router;
  add_dashboard_routes(router, kFiles);
  const Response res = get(router, "/assets/nope.js");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res[http::field::content_type], "application/json");
}

TEST(DashboardRoutes, WithoutFilesRootIs503SayingTheDashboardWasNotBuilt) {
  Router router;
  add_dashboard_routes(router, {});
  const Response res = get(router, "/");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  const auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["error"], "dashboard_not_built");
  EXPECT_NE(body["message"].get<std::string>().find("npm"), std::string::npos);
}

TEST(DashboardRoutes, ContentTypes) {
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("x.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
}

// Whatever this build embedded is servable: an index if anything at all.
TEST(EmbeddedDashboard, HasAnIndexWhenNotEmpty) {
  const auto files = dashboard_files();
  if (files.empty()) GTEST_SKIP() << "dashboard/dist was not built before this build";
  bool index = false;
  for (const auto& f : files) {
    index = index || f.path == "index.html";
    EXPECT_FALSE(f.bytes.empty()) << f.path;
    EXPECT_NE(f.path.front(), '/') << f.path;
  }
  EXPECT_TRUE(index);
  Router router;
  EXPECT_NO_THROW(add_dashboard_routes(router, files));
}

}  // namespace
}  // namespace vigie::api
