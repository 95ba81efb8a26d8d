// The one CSV writer: quoting, the byte-order mark, and decimals only in numbers.
#include "domain/csv.hpp"

#include <gtest/gtest.h>

namespace vigie {
namespace {

TEST(Csv, FrenchStyleHasABomSemicolonsAndQuotesWhatNeedsIt) {
  CsvWriter csv(CsvStyle{}, {"a", "b"});
  csv.line({"x;y", "say \"hi\""});
  csv.line({"line\nbreak", "carriage\rreturn"});
  csv.line({"a,b", ""});
  EXPECT_EQ(csv.text(),
            "\xEF\xBB\xBF"
            "a;b\n\"x;y\";\"say \"\"hi\"\"\"\n\"line\nbreak\";\"carriage\rreturn\"\na,b;\n");
}

TEST(Csv, CommaStyleHasNoBomAndQuotesCommas) {
  CsvWriter csv(kCsvComma, {"a", "b"});
  csv.line({"a,b", "x;y"});
  EXPECT_EQ(csv.text(), "a,b\n\"a,b\",x;y\n");
}

TEST(Csv, DecimalsChangeInNumbersOnly) {
  const CsvWriter fr(CsvStyle{}, {}), en(kCsvComma, {});
  EXPECT_EQ(fr.decimal("105.5"), "105,5");
  EXPECT_EQ(fr.decimal("-0.25"), "-0,25");
  EXPECT_EQ(fr.decimal("1.5e-05"), "1,5e-05");
  EXPECT_EQ(fr.decimal("120"), "120");
  EXPECT_EQ(fr.decimal("v1.2 beta"), "v1.2 beta");
  EXPECT_EQ(fr.decimal("."), ".");
  EXPECT_EQ(fr.decimal(""), "");
  EXPECT_EQ(en.decimal("105.5"), "105.5");
}

}  // namespace
}  // namespace vigie
