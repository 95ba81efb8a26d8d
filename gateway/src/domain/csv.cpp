#include "domain/csv.hpp"

#include <algorithm>

namespace vigie {

CsvWriter::CsvWriter(CsvStyle style, const std::vector<std::string>& header)
    : style_(style), text_(style.bom ? "\xEF\xBB\xBF" : "") {
  line(header);
}

void CsvWriter::line(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) text_ += style_.separator;
    const auto& f = fields[i];
    if (f.find_first_of(std::string("\"\n\r") + style_.separator) == std::string::npos) {
      text_ += f;
      continue;
    }
    text_ += '"';
    for (char c : f) text_ += c == '"' ? std::string("\"\"") : std::string(1, c);
    text_ += '"';
  }
  text_ += '\n';
}

std::string CsvWriter::decimal(std::string number) const {
  const bool numeric = !number.empty() &&
                       number.find_first_not_of("0123456789.-+eE") == std::string::npos &&
                       number.find_first_of("0123456789") != std::string::npos;
  if (numeric) std::replace(number.begin(), number.end(), '.', style_.decimal);
  return number;
}

}  // namespace vigie
