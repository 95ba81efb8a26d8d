// One line per HTTP request, for operators. It carries method, path, status and duration only:
// never headers, query string or body, so a token can never reach the log.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace vigie::api {

// Where log lines go; must be safe to call from several threads at once.
using RequestLogSink = std::function<void(std::string_view line)>;

// "http GET /api/v1/stats 200 0.412ms". TARGET may hold a query string: it is cut off.
// Control bytes in the path become '?' so a request cannot forge log lines.
std::string format_request_log(std::string_view method, std::string_view target, unsigned status,
                               std::chrono::steady_clock::duration duration);

// Writes LINE and a newline to stderr in one call, so lines from threads do not interleave.
void log_to_stderr(std::string_view line);

}  // namespace vigie::api
