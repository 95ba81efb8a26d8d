#include "api/dashboard_routes.hpp"

#include <array>
#include <string>
#include <utility>

#include "api/json_response.hpp"

namespace vigie::api {

namespace {

// The page talks only to its own origin (HTTP and the live WebSocket) and is never framed.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; connect-src 'self'; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Response serve(const EmbeddedFile& file) {
  Response res{http::status::ok, 11};
  res.set(http::field::content_type, std::string(content_type_for(file.path)));
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  // Vite names built assets by content hash: they never change under the same name.
  const bool hashed = file.path.rfind("assets/", 0) == 0;
  res.set(http::field::cache_control, hashed ? "public, max-age=31536000, immutable" : "no-cache");
  if (ends_with(file.path, ".html")) {
    res.set("Content-Security-Policy", kContentSecurityPolicy);
    res.set("X-Frame-Options", "DENY");
  }
  res.body() = std::string(file.bytes);
  return res;
}

Response not_built(const RequestContext&) {
  return error_response(
      http::status::service_unavailable, "dashboard_not_built",
      "the dashboard was not built into this gateway: run 'npm ci && npm run build' in "
      "dashboard/, then rebuild the gateway; the API under /api/v1 works without it");
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json"},
  }};
  for (const auto& [ext, type] : kTypes) {
    if (ends_with(path, ext)) return type;
  }
  return "application/octet-stream";
}

void add_dashboard_routes(Router& router, std::span<const EmbeddedFile> files,
                          std::string_view home) {
  const EmbeddedFile* index = nullptr;
  for (const EmbeddedFile& file : files) {
    if (file.path == home) index = &file;
    router.add(http::verb::get, "/" + std::string(file.path), Access::open(),
               [&file](const RequestContext&) { return serve(file); });
  }
  if (index == nullptr) {
    router.add(http::verb::get, "/", Access::open(), not_built);
    return;
  }
  router.add(http::verb::get, "/", Access::open(),
             [index](const RequestContext&) { return serve(*index); });
}

}  // namespace vigie::api
