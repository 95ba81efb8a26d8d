// A child process for tests: spawned with its output in a log file, stopped
// with the signal the test chooses.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vigie::testing {

class Process {
 public:
  Process() = default;
  Process(std::vector<std::string> argv, std::filesystem::path log);
  ~Process();
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;

  bool running();
  // Sends SIG and waits for the exit; returns the wait status.
  int stop(int sig);
  // Sends SIG and waits up to LIMIT for the exit: the wait status, or nullopt if the
  // process was still running then (it is then killed with SIGKILL).
  std::optional<int> stop_within(int sig, std::chrono::milliseconds limit);
  pid_t pid() const { return pid_; }
  std::string log_text() const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();
// True once something accepts TCP connections on 127.0.0.1:PORT.
bool port_open(int port);

}  // namespace vigie::testing
