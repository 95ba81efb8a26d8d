// A real vigie-node process, fed agent events on its stdin.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace vigie::testing {

class NodeProcess {
 public:
  NodeProcess(const std::filesystem::path& dir, const std::string& broker_url,
              const std::string& node, std::vector<std::string> extra_args = {});
  ~NodeProcess();
  void write_line(const std::string& line);
  // Closes stdin and waits for the exit; returns the exit code (-1 if killed).
  int finish();
  int kill9();
  std::string log_text() const;

 private:
  pid_t pid_ = -1;
  FILE* in_ = nullptr;
  std::filesystem::path log_;
};

std::string node_binary();

// Line I of a test stream: an agent.state event whose ts encodes I.
std::string stream_line(std::uint64_t i);
inline constexpr std::int64_t kStreamBaseTs = 1764489600000;

}  // namespace vigie::testing
