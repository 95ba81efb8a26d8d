// The self-assessment report (issue 19): its figures from agents' days whose answers are
// known, read from a real ledger on a real SQLite file, and its checkpoint reference checked
// against the key, the ledger's root and the entries used.
#include "report/self_assessment.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include "evidence/checkpointer.hpp"
#include "evidence/ledger_feed.hpp"
#include "report/self_assessment_html.hpp"
#include "store/schema.hpp"

namespace vigie::report {
namespace {

using nlohmann::json;

constexpr std::int64_t kHour = 3'600'000;

json day(const std::string& date, const std::string& brk01, std::int64_t work_ms = 7 * kHour,
         std::int64_t longest_ms = 3 * kHour) {
  return {{"agent", "p-x"},
          {"date", date},
          {"work_ms", work_ms},
          {"longest_work_ms", longest_ms},
          {"pauses", json::array()},
          {"criteria", {{"BRK-01", brk01}}}};
}

referentiel::ActiveReferentiel profile() {
  referentiel::ActiveReferentiel r;
  r.name = "vigie-fr-default";
  r.version = "1";
  r.profile = "idcc2098-2h10";
  referentiel::ActiveCriterion brk, own, team;
  brk.id = "BRK-01";
  brk.title = "A pause of <20 min> once daily work reaches 6 h";
  brk.sources = {"Code du travail L.3121-16"};
  brk.scope = referentiel::Scope::agent;
  own.id = "SITE-01";  // a site's own criterion: no guide, the référentiel's words
  own.title = "Own rule <b>here</b>";
  own.sources = {"Accord d'entreprise <2025>"};
  own.scope = referentiel::Scope::agent;
  team.id = "LOAD-01";
  team.scope = referentiel::Scope::team;
  r.criteria = {brk, own, team};
  return r;
}

// Two weeks: the first Monday (2026-11-23) 2 of 4 days breached and a Tuesday held; the next
// Monday (2026-11-30) 5 held, and a Wednesday breached.
std::vector<json> two_weeks() {
  std::vector<json> d;
  for (const char* v : {"breached", "breached", "held", "held"})
    d.push_back(day("2026-11-23", v, 8 * kHour, 4 * kHour));
  d.push_back(day("2026-11-24", "held"));
  for (int i = 0; i < 5; ++i) d.push_back(day("2026-11-30", "held"));
  d.push_back(day("2026-12-02", "breached", 6 * kHour, 2 * kHour));
  d.push_back(day("2026-12-02", "no_data"));
  return d;
}

TEST(SelfAssessmentFigures, CountsTrendAndSituationsOfKnownDays) {
  const auto figures = criterion_figures(two_weeks(), profile());
  ASSERT_EQ(figures.size(), 2u) << "agent criteria only";
  EXPECT_EQ(figures[1].id, "SITE-01");
  EXPECT_EQ(figures[1].counts.judged(), 0) << "no day has a verdict for it";
  const auto& f = figures[0];
  EXPECT_EQ(f.id, "BRK-01");
  EXPECT_EQ(f.counts.held, 8);
  EXPECT_EQ(f.counts.breached, 3);
  EXPECT_EQ(f.counts.justified, 0);
  EXPECT_EQ(f.counts.no_data, 1);
  EXPECT_NEAR(*f.counts.held_share(), 8.0 / 11.0, 1e-9);
  ASSERT_EQ(f.weeks.size(), 2u);
  EXPECT_EQ(f.weeks[0].first, "2026-11-23");
  EXPECT_NEAR(*f.weeks[0].second.held_share(), 3.0 / 5.0, 1e-9);
  EXPECT_NEAR(*f.weeks[1].second.held_share(), 5.0 / 6.0, 1e-9);
  EXPECT_EQ(f.trend, Trend::better);
  ASSERT_EQ(f.situations.size(), 2u);
  EXPECT_EQ(f.situations[0].weekday, 0);  // Mondays: 2 breached of 9 days
  EXPECT_EQ(f.situations[0].breached, 2);
  EXPECT_EQ(f.situations[0].days, 9);
  EXPECT_EQ(f.situations[0].mean_work_ms, 8 * kHour);
  EXPECT_EQ(f.situations[0].mean_longest_work_ms, 4 * kHour);
  EXPECT_EQ(f.situations[1].weekday, 2);  // Wednesday: 1 breached of 2
  EXPECT_EQ(f.situations[1].days, 2);
}

TEST(SelfAssessmentFigures, TrendNeedsTwoWeeksAndFivePoints) {
  EXPECT_EQ(criterion_figures({day("2026-11-23", "held")}, profile())[0].trend, Trend::unknown);
  const std::vector<json> same = {day("2026-11-23", "held"), day("2026-11-30", "held")};
  EXPECT_EQ(criterion_figures(same, profile())[0].trend, Trend::steady);
  const std::vector<json> worse = {day("2026-11-23", "held"), day("2026-11-30", "breached")};
  EXPECT_EQ(criterion_figures(worse, profile())[0].trend, Trend::worse);
  // At most three situations, the most breaches first.
  std::vector<json> many;
  for (const char* d : {"2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-26"})
    many.push_back(day(d, "breached"));
  const auto s = criterion_figures(many, profile())[0].situations;
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].weekday, 3);
  EXPECT_EQ(s[0].breached, 2);
}

class SelfAssessmentLedger : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-self-assessment-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = std::make_unique<store::Database>(dir_ / "vigie.db", store::OpenOptions{});
    store::migrate(*db_);
    evidence::LedgerFeedOptions o;
    o.site = "paris-1";
    o.pseudonymise_alert = [](json a) { return a; };
    o.pseudonym = [](const std::string& id) { return "p-" + id; };
    feed_ = std::make_unique<evidence::LedgerFeed>(*db_, o);
    key_ = std::make_unique<evidence::SigningKey>(
        evidence::SigningKey::load_or_create(dir_ / "evidence.key", kOrigin));
  }
  void TearDown() override {
    feed_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void append_days(const std::vector<json>& days) {
    for (const auto& d : days) {
      ++id_;
      feed_->append("day_summary:" + d["date"].get<std::string>(), id_, "agent.day", 1000 + id_,
                    d);
    }
  }
  SelfAssessment assess_with(const evidence::SigningKey& key) {
    const auto ref = profile();
    return assess(*db_, {"paris-1", "Europe/Paris", "2026-11-23", "2026-12-06", 0, 1'000'000,
                         &ref, &key});
  }
  static constexpr const char* kOrigin = "vigie/paris-1/gw-1";
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<evidence::LedgerFeed> feed_;
  std::unique_ptr<evidence::SigningKey> key_;
  std::int64_t id_ = 0;
};

TEST_F(SelfAssessmentLedger, FiguresComeFromTheLedgerAndTheCheckpointIsVerified) {
  append_days(two_weeks());
  evidence::Checkpointer(*db_, *key_, kOrigin).checkpoint(5000);
  const auto a = assess_with(*key_);
  EXPECT_EQ(a.agent_days, 12);
  EXPECT_EQ(a.agent_days_without_data, 1);
  ASSERT_EQ(a.criteria.size(), 2u);
  EXPECT_EQ(a.criteria[0].counts.breached, 3);
  ASSERT_TRUE(a.checkpoint.has_value());
  EXPECT_TRUE(a.checkpoint->verified) << a.checkpoint->problem;
  EXPECT_EQ(a.checkpoint->size, 12);
  EXPECT_EQ(a.checkpoint->origin, kOrigin);
  EXPECT_EQ(a.checkpoint->fingerprint, evidence::fingerprint(key_->public_key()));

  const auto page = self_assessment_html(a);
  EXPECT_NE(page.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(page.find("data-criterion=\"BRK-01\" data-held=\"8\" data-justified=\"0\" "
                      "data-breached=\"3\" data-without-data=\"1\" data-trend=\"better\""),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("73&nbsp;%"), std::string::npos);
  EXPECT_NE(page.find("20 minutes consécutives"), std::string::npos) << "what the law requires";
  EXPECT_NE(page.find("Code du travail L.3121-16"), std::string::npos) << "where it is written";
  EXPECT_NE(page.find("le lundi : 2 journée(s) manquée(s) sur 9"), std::string::npos) << page;
  EXPECT_NE(page.find("Ce que l'auditeur demandera à voir"), std::string::npos);
  EXPECT_NE(page.find("data-verified=\"yes\" data-checkpoint-size=\"12\""), std::string::npos);
  EXPECT_NE(page.find("BRK-01 — Pause de 20 minutes consécutives dès 6 h de travail"),
            std::string::npos)
      << "the French title";
  EXPECT_NE(page.find("SITE-01 — Own rule &lt;b&gt;here&lt;/b&gt;"), std::string::npos)
      << "a criterion without a guide keeps its own title, escaped";
  EXPECT_NE(page.find("Accord d'entreprise &lt;2025&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
}

TEST_F(SelfAssessmentLedger, AnotherKeyOrDaysPastTheCheckpointAreNotVerified) {
  append_days(two_weeks());
  evidence::Checkpointer(*db_, *key_, kOrigin).checkpoint(5000);
  const auto other =
      evidence::SigningKey::load_or_create(dir_ / "other.key", "vigie/paris-1/gw-1");
  const auto wrong_key = assess_with(other);
  ASSERT_TRUE(wrong_key.checkpoint.has_value());
  EXPECT_FALSE(wrong_key.checkpoint->verified);
  EXPECT_NE(wrong_key.checkpoint->problem.find("signature"), std::string::npos);
  EXPECT_NE(self_assessment_html(wrong_key).find("data-verified=\"no\""), std::string::npos);

  append_days({day("2026-12-03", "held")});
  const auto late = assess_with(*key_);
  EXPECT_FALSE(late.checkpoint->verified);
  EXPECT_NE(late.checkpoint->problem.find("postérieures"), std::string::npos);
}

TEST_F(SelfAssessmentLedger, AnEmptyLedgerHasNoCheckpointAndSaysSo) {
  const auto a = assess_with(*key_);
  EXPECT_EQ(a.agent_days, 0);
  EXPECT_FALSE(a.checkpoint.has_value());
  const auto page = self_assessment_html(a);
  EXPECT_NE(page.find("aucun point de contrôle signé"), std::string::npos);
  EXPECT_NE(page.find("data-verified=\"no\""), std::string::npos);
}

}  // namespace
}  // namespace vigie::report
