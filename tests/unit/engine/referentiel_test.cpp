#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "referentiel/kinds.hpp"
#include "referentiel/loader.hpp"
#include "referentiel/resolve.hpp"

namespace vigie::referentiel {
namespace {

// A valid file to break one piece at a time.
const char* kMinimal = R"(referentiel: mini
version: "1"
default_profile: p
profiles:
  p: {title: "one"}
  q: {title: "two"}
criteria:
  - id: X-01
    title: "a run"
    basis: GP
    sources: [none]
    kind: work_run
    severity: minor
    due_before: 15min
    profiles: [p]
    params: {limit: 90min}
    profile_params:
      p: {reset: 5min}
)";

std::vector<Diagnostic> check(const std::string& text) {
  return check_referentiel_text(text, "test.yaml");
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

::testing::AssertionResult has_error(const std::vector<Diagnostic>& ds, int line, int column,
                                     const std::string& words) {
  std::string all;
  for (const auto& d : ds) {
    all += d.to_string() + "\n";
    if (d.line == line && (column == 0 || d.column == column) &&
        d.message.find(words) != std::string::npos)
      return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "no error at " << line << ":" << column << " with '" << words << "' in:\n"
         << all;
}

TEST(KindTable, EveryDefaultParsesAndEveryKindHasDocs) {
  std::set<std::string> names;
  for (const auto& k : kinds()) {
    EXPECT_TRUE(names.insert(std::string(k.name)).second) << k.name;
    EXPECT_FALSE(k.doc.empty()) << k.name;
    for (const auto& p : k.params) {
      EXPECT_FALSE(p.doc.empty()) << k.name << "." << p.name;
      if (!p.default_value.empty() || is_list_type(p.type)) {
        EXPECT_NO_THROW(default_value(p));
      }
    }
  }
  for (auto k : {"work_until_pause", "work_run", "pause_in_window", "occupancy",
                 "recovery_after_tag", "work_sum", "work_average", "rest_in_window", "amplitude",
                 "notice", "level", "incident", "node_lost", "data_gap"})
    EXPECT_TRUE(find_kind(k)) << k;
}

TEST(KindTable, DescribesEveryKindAndParameter) {
  const std::string text = describe_kinds();
  for (const auto& k : kinds()) {
    EXPECT_NE(text.find(std::string(k.name) + " ("), std::string::npos) << k.name;
    for (const auto& p : k.params)
      EXPECT_NE(text.find(std::string(p.name) + ": "), std::string::npos);
  }
  EXPECT_NE(text.find("work_run (agent, accepts due_before)"), std::string::npos);
  EXPECT_NE(text.find("limit: duration, required"), std::string::npos);
  EXPECT_NE(text.find("reset: duration, default 10min"), std::string::npos);
}

TEST(DefaultReferentiel, LoadsAndChecksClean) {
  auto ds = check_referentiel(VIGIE_DEFAULT_REFERENTIEL);
  for (const auto& d : ds) ADD_FAILURE() << d.to_string();
  auto ref = load_referentiel(VIGIE_DEFAULT_REFERENTIEL);
  EXPECT_EQ(ref.name, "vigie-fr-default");
  EXPECT_EQ(ref.default_profile, "idcc2098-2h10");
  for (auto id : {"BRK-01",  "BRK-02",  "BRK-03",  "BRK-04",  "BRK-06",  "LOAD-01", "LOAD-02",
                  "LOAD-04", "TIME-01", "TIME-02", "TIME-03", "REST-01", "REST-02", "REST-03",
                  "PLN-01",  "ENV-02",  "ENV-03",  "SYS-01",  "SYS-02",  "SYS-03"})
    EXPECT_TRUE(ref.find(id)) << id;
  EXPECT_EQ(ref.criteria.size(), 20u);
  EXPECT_EQ(ref.mapping, StateMapping::contract_default());
  EXPECT_EQ(ref.time_model.shift_gap, 3 * 3600000);
}

std::set<std::string> ids(const ActiveReferentiel& a) {
  std::set<std::string> out;
  for (const auto& c : a.criteria) out.insert(c.id);
  return out;
}

TEST(DefaultReferentiel, ProfilesSelectTheSpecsCriteria) {
  auto ref = load_referentiel(VIGIE_DEFAULT_REFERENTIEL);
  auto legal = resolve(ref, "legal");
  EXPECT_EQ(ids(legal),
            (std::set<std::string>{"BRK-01", "TIME-01", "TIME-02", "TIME-03", "REST-01", "REST-02",
                                   "REST-03", "PLN-01", "SYS-01", "SYS-02", "SYS-03"}));
  auto def = resolve(ref, "idcc2098-2h10");
  EXPECT_EQ(def.criteria.size(), 19u);
  EXPECT_FALSE(def.find("BRK-06"));
  auto gp = resolve(ref, "good-practice");
  EXPECT_EQ(gp.criteria.size(), 20u);
  EXPECT_EQ(gp.find("BRK-06")->duration("limit"), 90 * 60000);

  EXPECT_EQ(def.find("BRK-03")->duration("limit"), 120 * 60000);
  EXPECT_EQ(def.find("BRK-03")->duration("reset"), 10 * 60000);
  auto h315 = resolve(ref, "idcc2098-3h15");
  EXPECT_EQ(h315.find("BRK-03")->duration("limit"), 180 * 60000);
  EXPECT_EQ(h315.find("BRK-03")->duration("reset"), 15 * 60000);
  auto telecom = resolve(ref, "idcc2148");
  EXPECT_EQ(telecom.find("BRK-03")->duration("limit"), 120 * 60000);
  // Kind defaults fill what the file leaves out.
  EXPECT_TRUE(def.find("BRK-02")->list("states").empty());
  EXPECT_EQ(def.find("BRK-01")->due_before, 30 * 60000);
  EXPECT_FALSE(def.find("LOAD-01")->due_before);
  EXPECT_THROW(resolve(ref, "idcc9999"), ReferentielError);
}

TEST(Loader, InvalidYamlNamesLineAndColumn) {
  auto ds = check_referentiel(VIGIE_TEST_DATA "/bad-indent.yaml");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].line, 9);
  EXPECT_GT(ds[0].column, 0);
  EXPECT_NE(ds[0].message.find("invalid YAML"), std::string::npos);
  EXPECT_NE(ds[0].to_string().find("bad-indent.yaml:9:"), std::string::npos);

  auto unclosed = check("referentiel: x\nversion: [1, 2\n");
  ASSERT_EQ(unclosed.size(), 1u);
  EXPECT_GT(unclosed[0].line, 0);
}

TEST(Loader, UnknownKeysAreErrorsAtTheirPlace) {
  auto ds = check_referentiel(VIGIE_TEST_DATA "/unknown-keys.yaml");
  EXPECT_TRUE(has_error(ds, 15, 28, "has no parameter 'rest'"));
  EXPECT_TRUE(has_error(ds, 16, 5, "unknown key 'colour'"));
  EXPECT_EQ(ds.size(), 2u);
  EXPECT_TRUE(has_error(check(std::string(kMinimal) + "extra: 1\n"), 19, 1, "unknown key 'extra'"));
}

TEST(Loader, BadParameterTypesAreNamed) {
  EXPECT_TRUE(has_error(check(replace(kMinimal, "limit: 90min", "limit: 90")), 16, 21,
                        "expected a duration"));
  EXPECT_TRUE(has_error(check(replace(kMinimal, "limit: 90min", "limit: [90min]")), 16, 21,
                        "expected a single duration"));
  EXPECT_TRUE(has_error(
      check(replace(kMinimal, "limit: 90min", "limit: 90min, states: [talking, dancing]")), 16, 36,
      "'dancing' is not a known agent state"));
  EXPECT_TRUE(has_error(check(replace(kMinimal, "due_before: 15min", "due_before: soon")), 14, 17,
                        "duration"));
  EXPECT_TRUE(has_error(check(replace(kMinimal, "severity: minor", "severity: dire")), 13, 15,
                        "severity must be"));
  EXPECT_TRUE(has_error(check(replace(kMinimal, "basis: GP", "basis: X")), 10, 12, "basis"));
}

TEST(Loader, StructuralMistakesAreReported) {
  EXPECT_TRUE(has_error(check(replace(kMinimal, "kind: work_run", "kind: work_walk")), 12, 11,
                        "unknown kind 'work_walk'"));
  EXPECT_TRUE(has_error(check(replace(kMinimal, "params: {limit: 90min}", "params: {}")), 8, 5,
                        "needs parameter 'limit'"));
  EXPECT_TRUE(has_error(check(replace(kMinimal, "profiles: [p]", "profiles: [zz]")), 15, 15,
                        "unknown profile 'zz'"));
  EXPECT_TRUE(
      has_error(check(replace(kMinimal, "      p: {reset: 5min}", "      q: {reset: 5min}")), 18, 7,
                "not one of the criterion's profiles"));
  EXPECT_TRUE(has_error(check(replace(kMinimal, "    title: \"a run\"\n", "")), 8, 5,
                        "missing required key 'title'"));
  EXPECT_TRUE(has_error(check(replace(kMinimal, "default_profile: p", "default_profile: z")), 3, 18,
                        "not declared"));
  EXPECT_TRUE(
      has_error(check(replace(kMinimal, "kind: work_run", "kind: work_run\n    scope: team")), 13,
                12, "has scope agent, not team"));
  std::string twice = std::string(kMinimal) + R"(  - id: X-01
    title: "again"
    basis: GP
    sources: [none]
    kind: incident
    severity: minor
    profiles: [p]
)";
  EXPECT_TRUE(has_error(check(twice), 19, 9, "duplicate criterion id 'X-01'"));
  EXPECT_TRUE(
      has_error(check(replace(kMinimal, "version: \"1\"\n", "version: \"1\"\nversion: \"2\"\n")), 3,
                1, "duplicate key 'version'"));
  EXPECT_FALSE(check("").empty());
}

TEST(Loader, DueBeforeOnlyForPreventiveKinds) {
  std::string text = replace(kMinimal, "kind: work_run", "kind: incident");
  text = replace(text, "params: {limit: 90min}", "params: {}");
  text = replace(text, "      p: {reset: 5min}", "      p: {}");
  EXPECT_TRUE(has_error(check(text), 14, 17, "gives no preventive notice"));
}

TEST(Loader, TargetIsAPercentageElseTheSeverityDecides) {
  auto plain = resolve(parse_referentiel(kMinimal, "t.yaml"), "p", "");
  EXPECT_FALSE(plain.find("X-01")->target);
  EXPECT_DOUBLE_EQ(plain.find("X-01")->target_rate(), 0.9);  // minor
  auto set = resolve(
      parse_referentiel(replace(kMinimal, "severity: minor", "severity: minor\n    target: 97.5%"),
                        "t.yaml"),
      "p", "");
  EXPECT_DOUBLE_EQ(set.find("X-01")->target_rate(), 0.975);
  auto bare = resolve(
      parse_referentiel(replace(kMinimal, "severity: minor", "severity: minor\n    target: 85"),
                        "t.yaml"),
      "p", "");
  EXPECT_DOUBLE_EQ(bare.find("X-01")->target_rate(), 0.85);
  for (const char* bad : {"101%", "-5%", "ninety%", "9.5.1%"})
    EXPECT_TRUE(has_error(check(replace(kMinimal, "severity: minor",
                                        std::string("severity: minor\n    target: ") + bad)),
                          14, 13, "target must be a percentage"))
        << bad;
}

TEST(Loader, ValuesThatClashShowOnceResolved) {
  auto ds = check(replace(kMinimal, "params: {limit: 90min}", "params: {limit: 0min}"));
  EXPECT_TRUE(has_error(ds, 8, 5, "'limit' must be positive"));
}

TEST(Loader, ParseThrowsWithAllDiagnostics) {
  try {
    parse_referentiel(replace(kMinimal, "severity: minor", "severity: dire\n    colour: red"),
                      "t.yaml");
    FAIL() << "expected an error";
  } catch (const ReferentielError& e) {
    EXPECT_EQ(e.diagnostics().size(), 2u);
    EXPECT_NE(std::string(e.what()).find("t.yaml:13:15"), std::string::npos);
  }
}

TEST(SiteOverrides, SwitchOffChangeValuesAndMapping) {
  std::string text = std::string(kMinimal) + R"(sites:
  paris-1:
    criteria:
      X-01: {params: {limit: 60min}, severity: major, due_before: none, target: 99%}
    mapping:
      reasons: {training: pause}
    time_model: {shift_gap: 2h}
  lyon-1:
    criteria:
      X-01: {enabled: false}
)";
  auto ref = parse_referentiel(text, "t.yaml");
  auto paris = resolve(ref, "p", "paris-1");
  ASSERT_TRUE(paris.find("X-01"));
  EXPECT_EQ(paris.find("X-01")->duration("limit"), 60 * 60000);
  EXPECT_EQ(paris.find("X-01")->duration("reset"), 5 * 60000);
  EXPECT_EQ(paris.find("X-01")->severity, Severity::major);
  EXPECT_DOUBLE_EQ(paris.find("X-01")->target_rate(), 0.99);
  EXPECT_DOUBLE_EQ(resolve(ref, "p", "nice-1").find("X-01")->target_rate(), 0.9);
  EXPECT_FALSE(paris.find("X-01")->due_before);
  EXPECT_EQ(paris.mapping.classify(AgentState::not_ready, NotReadyReason::training),
            Activity::pause);
  EXPECT_EQ(paris.time_model.shift_gap, 2 * 3600000);
  EXPECT_FALSE(resolve(ref, "p", "lyon-1").find("X-01"));
  EXPECT_TRUE(resolve(ref, "p", "nice-1").find("X-01"));
  // Switched on outside its profiles by a site.
  SiteOverrides on;
  on.criteria["X-01"].enabled = true;
  EXPECT_TRUE(resolve(ref, "q", "", &on).find("X-01"));
}

TEST(SiteOverrides, FromAConfigNodeAreValidated) {
  auto ref = parse_referentiel(kMinimal, "t.yaml");
  auto ok = parse_site_overrides(YAML::Load("criteria: {X-01: {params: {limit: 2h}}}"),
                                 "vigie.yaml", ref);
  EXPECT_EQ(resolve(ref, "p", "", &ok).find("X-01")->duration("limit"), 2 * 3600000);
  try {
    parse_site_overrides(YAML::Load("criteria:\n  X-02: {enabled: false}\n  X-01: {params: {limit: "
                                    "long}}\n"),
                         "vigie.yaml", ref);
    FAIL() << "expected an error";
  } catch (const ReferentielError& e) {
    EXPECT_TRUE(has_error(e.diagnostics(), 2, 3, "no criterion 'X-02'"));
    EXPECT_TRUE(has_error(e.diagnostics(), 3, 26, "expected a duration"));
  }
}

TEST(StateMapping, ContractDefault) {
  auto m = StateMapping::contract_default();
  EXPECT_EQ(m.classify(AgentState::available, std::nullopt), Activity::work);
  EXPECT_EQ(m.classify(AgentState::logged_out, std::nullopt), Activity::off);
  EXPECT_EQ(m.classify(AgentState::not_ready, NotReadyReason::lunch), Activity::pause);
  EXPECT_EQ(m.classify(AgentState::not_ready, NotReadyReason::back_office), Activity::work);
  // A not_ready without a reason counts as `other`: work.
  EXPECT_EQ(m.classify(AgentState::not_ready, std::nullopt), Activity::work);
}

}  // namespace
}  // namespace vigie::referentiel
