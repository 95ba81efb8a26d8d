// The process's own metrics as Prometheus client libraries name them (resident and
// virtual memory, CPU seconds, start time, open and maximum file descriptors, read
// from /proc/self), and vigie_build_info.
#pragma once

#include <string>

namespace vigie::app {

std::string process_metrics_text();
std::string build_info_text(const std::string& version);

}  // namespace vigie::app
