// The journal's flash on a host: one file, erased bytes 0xFF. Writes reach the
// disk at sync() (fdatasync), which the session calls before anything leaves
// the node: one sync per burst of events instead of one per event. With
// sync_each_write, every program and erase is synced before it returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/ports.hpp"

namespace vigie::posix {

class FileFlash {
 public:
  static constexpr std::uint32_t kPageSize = 8192;
  static constexpr std::uint32_t kPageCount = 512;  // 4 MiB: hours of a busy centre offline

  FileFlash() = default;
  FileFlash(const FileFlash&) = delete;
  FileFlash& operator=(const FileFlash&) = delete;
  ~FileFlash();

  // Opens the store, creating it erased if missing, and locks it so two nodes
  // never share one. On failure `error` says why.
  bool open(const std::string& path, std::string& error);
  void set_sync_each_write(bool on) { sync_each_write_ = on; }

  fw::FlashGeometry geometry() const { return {kPageSize, kPageCount}; }
  bool read(std::uint32_t offset, void* out, std::size_t size);
  bool program(std::uint32_t offset, const void* data, std::size_t size);
  bool erase_page(std::uint32_t page);
  bool sync();

 private:
  bool write(std::uint32_t offset, const void* data, std::size_t size);

  int fd_ = -1;
  bool sync_each_write_ = false;
};

}  // namespace vigie::posix
