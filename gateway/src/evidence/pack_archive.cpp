#include "evidence/pack_archive.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace vigie::evidence {
namespace {

constexpr std::size_t kBlock = 512;

void put_octal(char* field, std::size_t width, std::uint64_t value) {
  // WIDTH-1 octal digits, then NUL, as ustar wants (the caller's values fit).
  field[width - 1] = '\0';
  for (std::size_t i = width - 1; i-- > 0; value >>= 3)
    field[i] = static_cast<char>('0' + (value & 7));
}

std::string header(const std::string& name, std::uint64_t size, std::int64_t mtime_s) {
  std::array<char, kBlock> h{};
  std::memcpy(h.data(), name.data(), name.size());  // name[100]
  put_octal(h.data() + 100, 8, 0644);               // mode
  put_octal(h.data() + 108, 8, 0);                  // uid
  put_octal(h.data() + 116, 8, 0);                  // gid
  put_octal(h.data() + 124, 12, size);              // size
  put_octal(h.data() + 136, 12, static_cast<std::uint64_t>(std::max<std::int64_t>(0, mtime_s)));
  h[156] = '0';                             // a regular file
  std::memcpy(h.data() + 257, "ustar", 6);  // magic, NUL-terminated
  std::memcpy(h.data() + 263, "00", 2);     // version
  std::memcpy(h.data() + 265, "vigie", 5);  // uname
  std::memcpy(h.data() + 297, "vigie", 5);  // gname
  // The checksum is taken with its own field read as spaces.
  std::memset(h.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  put_octal(h.data() + 148, 7, sum);  // six digits and NUL
  h[155] = ' ';
  return std::string(h.data(), h.size());
}

}  // namespace

std::string tar_directory(const std::filesystem::path& dir, const std::string& folder,
                          std::int64_t mtime_s) {
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(dir))
    if (f.is_regular_file()) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::string out;
  for (const auto& path : files) {
    const std::string name = folder + "/" + path.filename().string();
    if (name.size() > 99) throw std::runtime_error(name + ": name too long for the archive");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) throw std::runtime_error("cannot read " + path.string());
    const std::string data = content.str();
    out += header(name, data.size(), mtime_s);
    out += data;
    out.append((kBlock - data.size() % kBlock) % kBlock, '\0');
  }
  out.append(2 * kBlock, '\0');  // the end of the archive
  return out;
}

}  // namespace vigie::evidence
