// CSV files a person opens in a spreadsheet: the audit pack's tables and the group's
// report. One writer, so that every CSV Vigie writes quotes and separates alike.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace vigie {

// For a spreadsheet set to French (the default): UTF-8 with a byte-order mark, ';'
// between fields, ',' before decimals. kCsvComma: ',' and '.', no mark (packs of
// format 2).
struct CsvStyle {
  char separator = ';';
  char decimal = ',';
  bool bom = true;
};
inline constexpr CsvStyle kCsvComma{',', '.', false};

class CsvWriter {
 public:
  CsvWriter(CsvStyle style, const std::vector<std::string>& header);
  // One row; a field holding the separator, a quote or a line break is quoted.
  void line(const std::vector<std::string>& fields);
  // NUMBER (digits, sign, '.', exponent) with its decimal point as the style writes it;
  // any other text as it is.
  std::string decimal(std::string number) const;
  const std::string& text() const { return text_; }
  // The text, moved out: the writer is empty after.
  std::string take() { return std::move(text_); }

 private:
  CsvStyle style_;
  std::string text_;
};

}  // namespace vigie
