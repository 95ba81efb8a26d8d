// Each agent's day as evidence, from stored agent.state events and alert
// transitions on a real SQLite file, in the site's time zone.
#include "summary/day_summary.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include "store/alert_repository.hpp"
#include "store/schema.hpp"

namespace vigie::summary {
namespace {

using nlohmann::json;

constexpr TimestampMs kMin = 60'000;

class DaySummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    path_ = std::filesystem::temp_directory_path() /
            ("vigie-day-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    db_ = std::make_unique<store::Database>(path_, store::OpenOptions{});
    store::migrate(*db_);
    zone_ = std::make_unique<engine::TimeZone>(engine::TimeZone::load("Europe/Paris"));
    ref_.mapping = referentiel::StateMapping::contract_default();
    referentiel::ActiveCriterion brk, team;
    brk.id = "BRK-01";
    brk.scope = referentiel::Scope::agent;
    team.id = "OCC-01";
    team.scope = referentiel::Scope::team;
    ref_.criteria = {brk, team};
    input_ = {zone_.get(), &ref_, [](const std::string& id) { return "p-" + id + "-hidden"; }};
  }
  void TearDown() override {
    db_.reset();
    for (auto ext : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + ext);
  }
  // Local time "2026-03-02 08:00" in Paris (UTC+1 in March before the change).
  TimestampMs paris(int day, int hour, int minute = 0) {
    return zone_->to_utc({2026, 3, day}, (hour * 60 + minute) * kMin);
  }
  void state(const std::string& agent, TimestampMs ts, const std::string& st,
             const char* reason = nullptr) {
    auto s = db_->prepare(
        "INSERT INTO events (node, epoch, seq, ts, type, agent, state, reason, received_at)"
        " VALUES ('acd-1', 'e1', ?, ?, 'agent.state', ?, ?, ?, ?)");
    s.bind(1, ++seq_).bind(2, ts).bind(3, agent).bind(4, st);
    if (reason)
      s.bind(5, std::string(reason));
    else
      s.bind_null(5);
    s.bind(6, ts).run();
  }
  json of(const std::vector<AgentDay>& days, const std::string& pseudonym) {
    for (const auto& d : days)
      if (d.pseudonym == pseudonym) return d.summary;
    return nullptr;
  }

  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<engine::TimeZone> zone_;
  referentiel::ActiveReferentiel ref_;
  DaySummaryInput input_;
  std::int64_t seq_ = 0;
};

TEST_F(DaySummaryTest, WorkPauseOffPausesAndTheLongestRun) {
  state("4012", paris(2, 8), "available");
  state("4012", paris(2, 10), "not_ready", "break");
  state("4012", paris(2, 10, 20), "available");
  state("4012", paris(2, 12), "not_ready", "lunch");
  state("4012", paris(2, 13), "talking");
  state("4012", paris(2, 14), "wrap_up");  // still work: one run
  state("4012", paris(2, 17), "logged_out");
  const auto days = summarise_day(*db_, input_, {2026, 3, 2});
  ASSERT_EQ(days.size(), 1u);
  const auto s = of(days, "p-4012-hidden");
  EXPECT_EQ(s["agent"], "p-4012-hidden");
  EXPECT_EQ(s["date"], "2026-03-02");
  EXPECT_EQ(s["work_ms"], ((120 + 100 + 240) * 60) * 1000);
  EXPECT_EQ(s["pause_ms"], ((20 + 60) * 60) * 1000);
  EXPECT_EQ(s["off_ms"], ((24 * 60 - 540) * 60) * 1000);
  EXPECT_EQ(s["longest_work_ms"], (240 * 60) * 1000);
  ASSERT_EQ(s["pauses"].size(), 2u);
  EXPECT_EQ(s["pauses"][0]["start"], paris(2, 10));
  EXPECT_EQ(s["pauses"][0]["ms"], 20 * kMin);
  EXPECT_EQ(s["pauses"][1]["ms"], 60 * kMin);
  EXPECT_EQ(s["criteria"], (json{{"BRK-01", "held"}})) << "team criteria are not an agent's";
  EXPECT_EQ(s.dump().find("\"4012\""), std::string::npos) << "pseudonyms only";
}

// The team (for team-level figures) travels beside the entry, never inside it.
TEST_F(DaySummaryTest, EachDayKnowsItsAgentsLastTeamOutsideTheEntry) {
  state("4014", paris(2, 8), "available");
  state("4015", paris(2, 8), "available");
  db_->exec("UPDATE events SET team = 'sav-1' WHERE agent = '4014'");
  state("4014", paris(2, 12), "talking");
  db_->exec("UPDATE events SET team = 'sav-2' WHERE agent = '4014' AND team IS NULL");
  const auto days = summarise_day(*db_, input_, {2026, 3, 2});
  ASSERT_EQ(days.size(), 2u);
  for (const auto& d : days) {
    EXPECT_EQ(d.team, d.pseudonym == "p-4014-hidden" ? "sav-2" : "") << d.pseudonym;
    EXPECT_FALSE(d.summary.contains("team"));
  }
}

TEST_F(DaySummaryTest, AStateCarriedFromTheDayBeforeCountsFromMidnight) {
  state("4013", paris(1, 22), "talking");
  state("4013", paris(2, 1), "logged_out");
  const auto s = of(summarise_day(*db_, input_, {2026, 3, 2}), "p-4013-hidden");
  ASSERT_FALSE(s.is_null());
  EXPECT_EQ(s["work_ms"], (3600) * 1000);
  EXPECT_EQ(s["longest_work_ms"], (3600) * 1000);
  EXPECT_EQ(s["off_ms"], (23 * 3600) * 1000);
}

TEST_F(DaySummaryTest, CriteriaAreBreachedJustifiedOrNoDataFromTheDaysTransitions) {
  state("4012", paris(2, 8), "available");
  state("4014", paris(2, 8), "available");
  state("4015", paris(2, 8), "available");
  store::AlertRepository alerts(*db_);
  auto record = [&](const std::string& agent, const std::string& change, const std::string& st,
                    TimestampMs at, int n) {
    alerts.record({"k-" + agent + std::to_string(n), "a-" + agent, change, std::nullopt, st, at,
                   "BRK-01", "agent", agent, "major", paris(2, 8), "{}"},
                  at);
  };
  record("4012", "state", "firing", paris(2, 14), 1);
  record("4014", "state", "firing", paris(2, 14), 1);
  record("4014", "justify", "firing", paris(2, 15), 2);
  record("4015", "state", "nodata", paris(2, 14), 1);
  const auto days = summarise_day(*db_, input_, {2026, 3, 2});
  EXPECT_EQ(of(days, "p-4012-hidden")["criteria"]["BRK-01"], "breached");
  EXPECT_EQ(of(days, "p-4014-hidden")["criteria"]["BRK-01"], "justified");
  EXPECT_EQ(of(days, "p-4015-hidden")["criteria"]["BRK-01"], "no_data");
  EXPECT_TRUE(summarise_day(*db_, input_, {2026, 3, 3}).empty()) << "no event that day";
}

TEST_F(DaySummaryTest, ADayOfTwentyThreeHoursHasTwentyThreeHours) {
  // 2026-03-29: clocks go forward in Paris.
  state("4012", zone_->to_utc({2026, 3, 29}, 8 * 60 * kMin), "available");
  state("4012", zone_->to_utc({2026, 3, 29}, 9 * 60 * kMin), "logged_out");
  const auto s = of(summarise_day(*db_, input_, {2026, 3, 29}), "p-4012-hidden");
  EXPECT_EQ(s["work_ms"].get<std::int64_t>() + s["off_ms"].get<std::int64_t>(), 23 * 3600 * 1000);
}

TEST_F(DaySummaryTest, SummariesGoIntoTheLedgerOncePerDayAndAgent) {
  state("4012", paris(2, 8), "available");
  state("4013", paris(3, 8), "available");
  evidence::LedgerFeed feed(*db_, {"paris-1", nullptr, nullptr});
  EXPECT_EQ(record_day_summaries(*db_, feed, input_, {2026, 3, 2}, {2026, 3, 3}), 2u);
  EXPECT_EQ(record_day_summaries(*db_, feed, input_, {2026, 3, 2}, {2026, 3, 3}), 0u);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM ledger_entries WHERE kind = 'agent.day'"), 2);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM ledger_entries WHERE entry LIKE '%\"4012\"%'"), 0);
}

TEST_F(DaySummaryTest, AgentTimelineHasTheDaysBandsPlanAndAlerts) {
  state("4012", paris(1, 20), "logged_out");  // the evening before: off at midnight
  state("4012", paris(2, 8), "available");
  state("4012", paris(2, 10), "not_ready", "break");
  state("4012", paris(2, 10, 20), "available");
  state("4012", paris(3, 8), "talking");  // the next day
  auto shift = [&](TimestampMs published, TimestampMs end) {
    auto s = db_->prepare(
        "INSERT INTO events (node, epoch, seq, ts, type, agent, shift, start_ts, end_ts, breaks,"
        " received_at) VALUES ('wfm-1', 'e1', ?, ?, 'schedule.shift', '4012', 's-1', ?, ?, ?, ?)");
    s.bind(1, ++seq_).bind(2, published).bind(3, paris(2, 8)).bind(4, end);
    s.bind(5, json::array({{{"start", paris(2, 10)}, {"end", paris(2, 10, 10)}, {"kind", "break"}}})
                  .dump());
    s.bind(6, published).run();
  };
  shift(paris(1, 9), paris(2, 16));
  shift(paris(1, 10), paris(2, 17));  // republished: this one counts
  store::AlertRepository alerts(*db_);
  auto alert = [&](const std::string& id, TimestampMs started, json resolved) {
    const json a = {{"id", id},        {"criterion", "BRK-02"},   {"severity", "major"},
                    {"state", "firing"}, {"started_at", started}, {"due_at", nullptr},
                    {"fired_at", started}, {"resolved_at", resolved}};
    alerts.record({"k-" + id, id, "state", std::nullopt, "firing", started, "BRK-02", "agent",
                   "4012", "major", started, a.dump()},
                  started);
  };
  alert("a-today", paris(2, 11), nullptr);
  alert("a-before", paris(1, 9), paris(1, 12));  // resolved the day before: not listed

  const json day = agent_timeline(*db_, *zone_, ref_, "4012", {2026, 3, 2}, paris(2, 12));
  ASSERT_TRUE(day.is_object());
  EXPECT_EQ(day["from"], paris(2, 0));
  EXPECT_EQ(day["until"], paris(2, 12));
  const json want = json::array({
      {{"start", paris(2, 0)}, {"end", paris(2, 8)}, {"activity", "off"}},
      {{"start", paris(2, 8)}, {"end", paris(2, 10)}, {"activity", "work"}},
      {{"start", paris(2, 10)}, {"end", paris(2, 10, 20)}, {"activity", "pause"}},
      {{"start", paris(2, 10, 20)}, {"end", paris(2, 12)}, {"activity", "work"}},
  });
  EXPECT_EQ(day["bands"], want);
  EXPECT_EQ(day["pause_ms"], 20 * kMin);
  EXPECT_EQ(day["work_ms"], (120 + 100) * kMin);
  EXPECT_EQ(day["longest_work_ms"], 120 * kMin);
  ASSERT_EQ(day["schedule"].size(), 1u);
  EXPECT_EQ(day["schedule"][0]["end"], paris(2, 17));
  EXPECT_EQ(day["schedule"][0]["breaks"][0]["kind"], "break");
  ASSERT_EQ(day["alerts"].size(), 1u);
  EXPECT_EQ(day["alerts"][0]["id"], "a-today");

  // A past day runs to its end; an agent with no event at all is null.
  const json yesterday = agent_timeline(*db_, *zone_, ref_, "4012", {2026, 3, 1}, paris(2, 12));
  EXPECT_EQ(yesterday["until"], paris(2, 0));
  EXPECT_EQ(yesterday["bands"].back()["activity"], "off");
  EXPECT_TRUE(agent_timeline(*db_, *zone_, ref_, "9999", {2026, 3, 2}, paris(2, 12)).is_null());
}

}  // namespace
}  // namespace vigie::summary
