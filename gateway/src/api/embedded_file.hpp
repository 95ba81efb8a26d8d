// A file compiled into the binary (the dashboard's built assets).
#pragma once

#include <string_view>

namespace vigie::api {

struct EmbeddedFile {
  std::string_view path;   // URL path without the leading '/', e.g. "assets/index-3f2a.js"
  std::string_view bytes;  // the file's content
};

}  // namespace vigie::api
