// The alerts of a period: an alert is in [since, until] when its occurrence overlaps it
// (started at or before until, not resolved before since), as the HTTP API documents.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "store/alert_repository.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"

using namespace vigie;

namespace {

class AlertQuery : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-alert-query-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = std::make_unique<store::Database>(dir_ / "vigie.db", store::OpenOptions{});
    store::migrate(*db_);
    alerts_ = std::make_unique<store::AlertRepository>(*db_);
  }
  void TearDown() override {
    alerts_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void record(const std::string& id, const std::string& state, TimestampMs started,
              TimestampMs at) {
    store::TransitionRecord t;
    t.key = id + "/" + state + "/" + std::to_string(at);
    t.alert_id = id;
    t.change = "state";
    t.state = state;
    t.at = at;
    t.criterion = "BRK-01";
    t.subject_kind = "agent";
    t.subject_id = id;
    t.severity = "critical";
    t.started_at = started;
    t.alert_json = "\"" + id + "\"";
    ASSERT_TRUE(alerts_->record(t, at));
  }
  std::vector<std::string> ids(store::AlertFilter f) {
    auto out = alerts_->alerts_json(f);
    for (auto& s : out) s = s.substr(1, s.size() - 2);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::AlertRepository> alerts_;
};

}  // namespace

TEST_F(AlertQuery, AnAlertIsInAPeriodItsOccurrenceOverlaps) {
  record("open", "firing", 1000, 1000);          // firing since 1000, still firing
  record("early", "firing", 500, 500);
  record("early", "resolved", 500, 2000);        // over before the period
  record("late", "firing", 4000, 4000);
  record("late", "resolved", 4000, 5000);        // within it
  store::AlertFilter all;
  all.states = store::AlertFilter::States::all;
  all.since = 3000;
  EXPECT_EQ(ids(all), (std::vector<std::string>{"late", "open"}))
      << "an alert still firing since before the period is in it";
  all.until = 3500;
  EXPECT_EQ(ids(all), (std::vector<std::string>{"open"}));
  all.since.reset();
  EXPECT_EQ(ids(all), (std::vector<std::string>{"early", "open"}));
  store::AlertFilter active;
  active.since = 3000;
  EXPECT_EQ(ids(active), (std::vector<std::string>{"open"}));
  store::AlertFilter resolved;
  resolved.states = store::AlertFilter::States::resolved;
  resolved.since = 3000;
  EXPECT_EQ(ids(resolved), (std::vector<std::string>{"late"}));
}
