// Référentiel loader regressions found by fuzz_referentiel (docs/fuzzing.md).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "referentiel/loader.hpp"

using namespace vigie::referentiel;

namespace {

std::string shipped_default() {
  std::ifstream in(VIGIE_DEFAULT_REFERENTIEL);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// A criterion whose kind needs a parameter, written without any `params:` key,
// aborted the process (yaml-cpp's InvalidNode escaping the loader) instead of
// being reported with its line.
TEST(ReferentielRegression, CriterionWithoutParamsIsReportedNotAnAbort) {
  auto text = shipped_default();
  const std::string params = "    params: {weeks: 12, limit: 2640min}\n";
  const auto at = text.find(params);
  ASSERT_NE(at, std::string::npos);
  text.erase(at, params.size());
  const auto diagnostics = check_referentiel_text(text, "no-params.yaml");
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_NE(diagnostics[0].message.find("TIME-03"), std::string::npos) << diagnostics[0].message;
  EXPECT_NE(diagnostics[0].message.find("needs parameter 'limit'"), std::string::npos)
      << diagnostics[0].message;
  EXPECT_GT(diagnostics[0].line, 0);
  EXPECT_THROW(parse_referentiel(text, "no-params.yaml"), ReferentielError);
}

// The input fuzz_referentiel saved (the shipped file with three bytes changed).
TEST(ReferentielRegression, FuzzerCrashInputGivesDiagnostics) {
  const auto diagnostics =
      check_referentiel(VIGIE_FUZZ_CORPUS "/referentiel/regression-params-missing.yaml");
  EXPECT_FALSE(diagnostics.empty());
  for (const auto& d : diagnostics)
    EXPECT_EQ(d.message.find(kUnreadableYaml), std::string::npos) << d.to_string();
}
