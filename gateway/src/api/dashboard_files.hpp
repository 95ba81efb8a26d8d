// The dashboard as built into this binary: dashboard/dist/* at build time, turned into a
// generated source by gateway/src/api/embed_dashboard.cmake. Empty when dist/ was missing.
#pragma once

#include <span>

#include "api/embedded_file.hpp"

namespace vigie::api {

std::span<const EmbeddedFile> dashboard_files();

}  // namespace vigie::api
