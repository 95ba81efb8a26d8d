#include "api/request_log.hpp"

#include <cstdio>

#include "api/http_types.hpp"

namespace vigie::api {

namespace {

// A path longer than this is cut: the log is for reading, not for replaying.
constexpr std::size_t kMaxLoggedPath = 256;

}  // namespace

std::string format_request_log(std::string_view method, std::string_view target, unsigned status,
                               std::chrono::steady_clock::duration duration) {
  std::string path(target_path(target).substr(0, kMaxLoggedPath));
  for (char& c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  if (target_path(target).size() > kMaxLoggedPath) path += "...";
  if (path.empty()) path = "-";
  const double ms = std::chrono::duration<double, std::milli>(duration).count();
  char tail[48];
  std::snprintf(tail, sizeof tail, " %u %.3fms", status, ms);
  std::string line = "http ";
  line.append(method.empty() ? std::string_view("-") : method);
  line += ' ';
  line += path;
  line += tail;
  return line;
}

void log_to_stderr(std::string_view line) {
  std::string out(line);
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stderr);
}

}  // namespace vigie::api
