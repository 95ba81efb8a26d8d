// The files of an audit pack, written and read a block at a time: plain, or
// gzip-compressed (RFC 1952, read back whatever the number of members), with
// the SHA-256 of the bytes on disk that the manifest signs. Neither side ever
// holds a whole file: the reader keeps at most one line and one block.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "evidence/hash.hpp"

namespace vigie::evidence::pack {

enum class Compression { none, gzip };

class FileOut {
 public:
  // Throws std::runtime_error when PATH cannot be created.
  FileOut(std::filesystem::path path, Compression compression);
  ~FileOut();
  FileOut(const FileOut&) = delete;
  FileOut& operator=(const FileOut&) = delete;

  void write(std::string_view bytes);
  // Flushes and closes; the SHA-256 of the file's bytes. Throws on a write error.
  Hash close();

 private:
  struct Gzip;
  void put(std::string_view bytes);  // to disk, hashed
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<Gzip> gzip_;
  Sha256Stream digest_;
  bool failed_ = false;
};

class FileLines {
 public:
  // A line longer than this is refused (a pack's lines are a few KiB).
  static constexpr std::size_t kMaxLine = 16 << 20;

  FileLines(std::filesystem::path path, Compression compression);
  ~FileLines();
  FileLines(const FileLines&) = delete;
  FileLines& operator=(const FileLines&) = delete;

  bool opened() const { return file_ != nullptr; }
  // The next line, without its '\n'; a last line without one counts. False at the
  // end, or on an error (error() then says what, with the line number).
  bool next(std::string& line);
  // 1-based number of the last line next() gave.
  std::size_t line_number() const { return line_number_; }
  const std::string& error() const { return error_; }
  // The SHA-256 of every byte of the file: reads what next() has not.
  Hash digest();

 private:
  struct Gunzip;
  bool fill();  // appends decoded bytes to buffer_; false at the end or on an error
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<Gunzip> gunzip_;
  Sha256Stream digest_;
  std::string raw_, buffer_;
  std::size_t pos_ = 0, line_number_ = 0;
  bool eof_ = false;
  std::string error_;
};

// The SHA-256 of a file's bytes read a block at a time; nullopt when it cannot be read.
std::optional<Hash> sha256_of_file(const std::filesystem::path& path);

}  // namespace vigie::evidence::pack

namespace vigie::evidence::pack {

// A file read a block at a time against the bytes it must hold.
struct Comparison {
  bool found = false;
  Hash digest{};                          // of the file's bytes
  std::optional<std::size_t> first_diff;  // 0-based line of the first difference
  std::size_t lines = 0;                  // the file's lines ('\n' count, + 1 for a tail)
};
Comparison compare_file(const std::filesystem::path& path, std::string_view expected);

}  // namespace vigie::evidence::pack
