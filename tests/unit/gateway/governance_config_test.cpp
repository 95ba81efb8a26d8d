// The governance dates (CSE consulted, DPIA done, staff informed): each an ISO
// date, none in the future at the gateway's start, errors naming key and line.
#include <gtest/gtest.h>

#include <chrono>

#include "config/config.hpp"

using namespace vigie;
using namespace std::chrono;

namespace {

// The gateway's start in these tests: 2026-03-10 12:00 UTC.
const system_clock::time_point kStart = sys_days{2026y / March / 10} + hours(12);

Config parse(const std::string& text) {
  return parse_config("site: p\n" + text, "vigie.yaml", "/etc/vigie", kStart);
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

TEST(GovernanceConfig, AbsentMeansIncompleteWithAllThreeMissing) {
  const auto g = parse("").governance;
  EXPECT_FALSE(g.complete());
  EXPECT_EQ(g.missing(),
            (std::vector<std::string>{"cse_consulted", "dpia_done", "staff_informed"}));
  EXPECT_FALSE(parse("governance:\n").governance.complete());
}

TEST(GovernanceConfig, AllThreeDatesMakeItComplete) {
  const auto g = parse(
                     "governance:\n  cse_consulted: 2025-11-04\n  dpia_done: 2025-12-01\n"
                     "  staff_informed: \"2026-01-05\"\n")
                     .governance;
  EXPECT_TRUE(g.complete());
  EXPECT_TRUE(g.missing().empty());
  EXPECT_EQ(*g.cse_consulted, "2025-11-04");
  EXPECT_EQ(*g.dpia_done, "2025-12-01");
  EXPECT_EQ(*g.staff_informed, "2026-01-05");
}

TEST(GovernanceConfig, EachKeyAloneLeavesTheOtherTwoMissing) {
  EXPECT_EQ(parse("governance:\n  cse_consulted: 2025-11-04\n").governance.missing(),
            (std::vector<std::string>{"dpia_done", "staff_informed"}));
  EXPECT_EQ(parse("governance:\n  dpia_done: 2025-11-04\n").governance.missing(),
            (std::vector<std::string>{"cse_consulted", "staff_informed"}));
  EXPECT_EQ(parse("governance:\n  staff_informed: 2025-11-04\n").governance.missing(),
            (std::vector<std::string>{"cse_consulted", "dpia_done"}));
}

TEST(GovernanceConfig, BadDatesNameTheKeyAndLine) {
  for (const auto& [yaml, needle] : std::vector<std::pair<std::string, std::string>>{
           {"governance:\n  cse_consulted: yesterday\n",
            "vigie.yaml:3: governance.cse_consulted: must be a date YYYY-MM-DD, got 'yesterday'"},
           {"governance:\n  dpia_done: 2025-02-30\n",
            "vigie.yaml:3: governance.dpia_done: must be a date YYYY-MM-DD"},
           {"governance:\n  cse_consulted: 2025-01-01\n  staff_informed: 05/01/2026\n",
            "vigie.yaml:4: governance.staff_informed: must be a date"},
           {"governance:\n  dpia_done: 2025-1-5\n", "vigie.yaml:3: governance.dpia_done:"},
           {"governance:\n  dpia_done: [2025-01-05]\n", "vigie.yaml:3: governance.dpia_done:"},
           {"governance:\n  dpia_done: 2025-13-01\n", "governance.dpia_done: must be a date"},
       })
    EXPECT_NE(error_of(yaml).find(needle), std::string::npos) << yaml << " -> " << error_of(yaml);
}

TEST(GovernanceConfig, UnknownKeyIsAnErrorNamingIt) {
  const auto e = error_of("governance:\n  dpia: 2025-01-05\n");
  EXPECT_NE(e.find("vigie.yaml:3: governance.dpia: unknown key"), std::string::npos) << e;
  EXPECT_NE(error_of("governance: yes\n").find("vigie.yaml:2: governance: must be a mapping"),
            std::string::npos);
}

TEST(GovernanceConfig, ADateNotYetBegunAnywhereIsInTheFuture) {
  // At 12:00 UTC on the 10th, the 11th has begun east of UTC+12; the 12th nowhere.
  EXPECT_TRUE(parse("governance:\n  dpia_done: 2026-03-10\n").governance.dpia_done);
  EXPECT_TRUE(parse("governance:\n  dpia_done: 2026-03-11\n").governance.dpia_done);
  const auto e = error_of("governance:\n  cse_consulted: 2025-01-01\n  dpia_done: 2026-03-12\n");
  EXPECT_NE(e.find("vigie.yaml:4: governance.dpia_done: is in the future (2026-03-12)"),
            std::string::npos)
      << e;
}
