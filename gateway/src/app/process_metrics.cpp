#include "app/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace vigie::app {
namespace {

void gauge(std::ostringstream& o, const char* name, const char* type, const char* help,
           double value) {
  o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n'
    << name << ' ' << std::fixed << value << std::defaultfloat << '\n';
}

// The fields of /proc/self/stat after the command name, numbered as proc(5) does.
std::vector<std::string> stat_fields() {
  std::ifstream in("/proc/self/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = all.rfind(')');
  std::vector<std::string> fields{"", "", ""};  // pid, comm: fields 1 and 2
  if (close == std::string::npos) return {};
  std::istringstream rest(all.substr(close + 1));
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

double boot_time() {
  std::ifstream in("/proc/stat");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
  return 0;
}

}  // namespace

std::string process_metrics_text() {
  std::ostringstream o;
  const auto f = stat_fields();
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  if (f.size() > 24 && ticks > 0) {
    gauge(o, "process_cpu_seconds_total", "counter",
          "Total user and system CPU time spent in seconds.",
          (std::stod(f[14]) + std::stod(f[15])) / ticks);
    gauge(o, "process_start_time_seconds", "gauge",
          "Start time of the process since unix epoch in seconds.",
          boot_time() + std::stod(f[22]) / ticks);
    gauge(o, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
          std::stod(f[23]));
    gauge(o, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
          std::stod(f[24]) * page);
  }
  std::error_code ec;
  std::size_t fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++fds;
  if (!ec) gauge(o, "process_open_fds", "gauge", "Number of open file descriptors.", fds);
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0)
    gauge(o, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
          static_cast<double>(limit.rlim_cur));
  return o.str();
}

std::string build_info_text(const std::string& version) {
  return "# HELP vigie_build_info The gateway's version; always 1.\n"
         "# TYPE vigie_build_info gauge\n"
         "vigie_build_info{version=\"" +
         version + "\"} 1\n";
}

}  // namespace vigie::app
