#include "evidence/pack_stream.hpp"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace vigie::evidence::pack {
namespace {

constexpr std::size_t kBlock = 1 << 16;

}  // namespace

struct FileOut::Gzip {
  z_stream z{};
  std::string out = std::string(kBlock, '\0');
};

FileOut::FileOut(std::filesystem::path path, Compression compression) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) throw std::runtime_error("cannot write " + path_.string());
  if (compression == Compression::gzip) {
    gzip_ = std::make_unique<Gzip>();
    // windowBits 15 + 16: a gzip member (RFC 1952), header time 0; level 1 for speed.
    if (deflateInit2(&gzip_->z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("cannot compress " + path_.string());
  }
}

FileOut::~FileOut() {
  if (gzip_) deflateEnd(&gzip_->z);
  if (file_ != nullptr) std::fclose(file_);
}

void FileOut::put(std::string_view bytes) {
  digest_.update(bytes);
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) failed_ = true;
}

void FileOut::write(std::string_view bytes) {
  if (!gzip_) {
    put(bytes);
    return;
  }
  auto& z = gzip_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  while (z.avail_in > 0) {
    z.next_out = reinterpret_cast<Bytef*>(gzip_->out.data());
    z.avail_out = static_cast<uInt>(gzip_->out.size());
    deflate(&z, Z_NO_FLUSH);
    put({gzip_->out.data(), gzip_->out.size() - z.avail_out});
  }
}

Hash FileOut::close() {
  if (gzip_) {
    auto& z = gzip_->z;
    z.avail_in = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
      z.next_out = reinterpret_cast<Bytef*>(gzip_->out.data());
      z.avail_out = static_cast<uInt>(gzip_->out.size());
      rc = deflate(&z, Z_FINISH);
      if (rc == Z_STREAM_ERROR) failed_ = true, rc = Z_STREAM_END;
      put({gzip_->out.data(), gzip_->out.size() - z.avail_out});
    }
  }
  if (std::fclose(file_) != 0) failed_ = true;
  file_ = nullptr;
  if (failed_) throw std::runtime_error("cannot write " + path_.string());
  return digest_.finish();
}

struct FileLines::Gunzip {
  z_stream z{};
  bool in_member = false;
};

FileLines::FileLines(std::filesystem::path path, Compression compression) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "rb");
  if (file_ == nullptr) {
    error_ = "missing";
    return;
  }
  if (compression == Compression::gzip) {
    gunzip_ = std::make_unique<Gunzip>();
    if (inflateInit2(&gunzip_->z, 15 + 16) != Z_OK) error_ = "cannot decompress";
  }
}

FileLines::~FileLines() {
  if (gunzip_) inflateEnd(&gunzip_->z);
  if (file_ != nullptr) std::fclose(file_);
}

bool FileLines::fill() {
  if (!error_.empty() || eof_) return false;
  raw_.resize(kBlock);
  const std::size_t got = std::fread(raw_.data(), 1, raw_.size(), file_);
  raw_.resize(got);
  digest_.update(raw_);
  if (got == 0) {
    eof_ = true;
    if (std::ferror(file_)) error_ = "cannot be read";
    if (gunzip_ && gunzip_->in_member)
      error_ = "truncated: the gzip data ends within line " + std::to_string(line_number_ + 1);
    return false;
  }
  if (!gunzip_) {
    buffer_ += raw_;
    return true;
  }
  auto& z = gunzip_->z;
  z.next_in = reinterpret_cast<Bytef*>(raw_.data());
  z.avail_in = static_cast<uInt>(raw_.size());
  char out[kBlock];
  while (z.avail_in > 0) {
    gunzip_->in_member = true;
    z.next_out = reinterpret_cast<Bytef*>(out);
    z.avail_out = sizeof out;
    const int rc = inflate(&z, Z_NO_FLUSH);
    buffer_.append(out, sizeof out - z.avail_out);
    if (rc == Z_STREAM_END) {  // one member done; another may follow (RFC 1952 sec. 2.2)
      gunzip_->in_member = false;
      inflateReset(&z);
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error_ = "not gzip data, or corrupt, after line " + std::to_string(line_number_);
      return false;
    }
  }
  return true;
}

bool FileLines::next(std::string& line) {
  if (file_ == nullptr) return false;
  for (;;) {
    const auto end = buffer_.find('\n', pos_);
    if (end != std::string::npos) {
      line.assign(buffer_, pos_, end - pos_);
      pos_ = end + 1;
      ++line_number_;
      return true;
    }
    if (buffer_.size() - pos_ > kMaxLine) {
      error_ = "line " + std::to_string(line_number_ + 1) + " is longer than " +
               std::to_string(kMaxLine) + " bytes";
      return false;
    }
    buffer_.erase(0, pos_);
    pos_ = 0;
    if (!fill()) {
      if (!error_.empty() || buffer_.empty()) return false;
      line.swap(buffer_);  // a last line without '\n'
      buffer_.clear();
      ++line_number_;
      return true;
    }
  }
}

Hash FileLines::digest() {
  if (file_ != nullptr)
    while (fill()) buffer_.clear(), pos_ = 0;
  return digest_.finish();
}

std::optional<Hash> sha256_of_file(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return std::nullopt;
  Sha256Stream digest;
  std::string block(kBlock, '\0');
  std::size_t got = 0;
  while ((got = std::fread(block.data(), 1, block.size(), f)) > 0)
    digest.update({block.data(), got});
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return std::nullopt;
  return digest.finish();
}

}  // namespace vigie::evidence::pack

namespace vigie::evidence::pack {

Comparison compare_file(const std::filesystem::path& path, std::string_view expected) {
  Comparison out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  out.found = true;
  Sha256Stream digest;
  std::string block(kBlock, '\0');
  std::size_t offset = 0, got = 0;
  bool tail = false;
  while ((got = std::fread(block.data(), 1, block.size(), f)) > 0) {
    const std::string_view have(block.data(), got);
    digest.update(have);
    if (!out.first_diff) {
      const std::string_view want =
          offset < expected.size() ? expected.substr(offset, got) : std::string_view{};
      if (want != have) {
        std::size_t i = 0;
        while (i < want.size() && want[i] == have[i]) ++i;
        out.first_diff = static_cast<std::size_t>(std::count(
            expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(offset + i), '\n'));
      }
    }
    out.lines += static_cast<std::size_t>(std::count(have.begin(), have.end(), '\n'));
    tail = have.back() != '\n';
    offset += got;
  }
  std::fclose(f);
  if (tail) ++out.lines;
  if (!out.first_diff && offset < expected.size())
    out.first_diff = static_cast<std::size_t>(
        std::count(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  out.digest = digest.finish();
  return out;
}

}  // namespace vigie::evidence::pack
