// GET / and the dashboard's assets (contract.md sec. 6: "GET / - none - the dashboard").
// Every file is served at its own path, index.html also at "/". Without files (the dashboard
// was not built into this binary) "/" answers 503 JSON saying so.
#pragma once

#include <span>
#include <string_view>

#include "api/embedded_file.hpp"
#include "api/router.hpp"

namespace vigie::api {

// FILES must outlive ROUTER (the generated table is static).
// HOME is the file also served at "/" (the group's server serves its own page there).
void add_dashboard_routes(Router& router, std::span<const EmbeddedFile> files,
                          std::string_view home = "index.html");

// "text/html; charset=utf-8" for "index.html", and so on; application/octet-stream when the
// extension is unknown.
std::string_view content_type_for(std::string_view path);

}  // namespace vigie::api
