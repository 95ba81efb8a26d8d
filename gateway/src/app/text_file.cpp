#include "app/text_file.hpp"

#include <fstream>
#include <sstream>

namespace vigie::app {

std::optional<std::string> read_text(const std::filesystem::path& file, std::string& text) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status)) return "no such file";
  if (ec) return ec.message();
  if (!std::filesystem::is_regular_file(status)) return "not a regular file";
  std::ifstream in(file, std::ios::binary);
  if (!in) return "cannot open it";
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return "read error";
  text = s.str();
  return std::nullopt;
}

}  // namespace vigie::app
