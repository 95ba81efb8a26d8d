// The disk's regime, printed by each benchmark whose figures depend on it: a
// 4 KiB append then fdatasync, as a WAL commit does, in the benchmark's own
// directory. With a 4 ms fsync nothing else shows; with 0.2 ms everything
// else does (docs/benchmarks.md).
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace vigie::bench {

// Prints "disk: ... p50 ... p90 ..." and returns the median in microseconds.
inline double print_fsync_time(const std::filesystem::path& file, int rounds = 200) {
  const int fd = ::open(file.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  if (fd < 0) throw std::runtime_error("cannot open " + file.string());
  std::vector<double> us;
  const std::string page(4096, 'v');
  for (int i = 0; i < rounds; ++i) {
    const auto t = std::chrono::steady_clock::now();
    if (::write(fd, page.data(), page.size()) != static_cast<ssize_t>(page.size()) ||
        ::fdatasync(fd) != 0) {
      ::close(fd);
      throw std::runtime_error("write/fdatasync failed on " + file.string());
    }
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t).count());
  }
  ::close(fd);
  std::filesystem::remove(file);
  std::sort(us.begin(), us.end());
  const double p50 = us[us.size() / 2], p90 = us[us.size() * 9 / 10];
  std::printf("disk: 4 KiB append + fdatasync p50 %.0f us, p90 %.0f us (%d rounds)\n", p50, p90,
              rounds);
  std::fflush(stdout);
  return p50;
}

}  // namespace vigie::bench
