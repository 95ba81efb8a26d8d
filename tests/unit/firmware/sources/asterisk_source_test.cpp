// The Asterisk source as vigie-node runs it: a file read line by line, bad and
// refused lines named by number (never quoted) while the rest is read, a first
// start that learns the floor from the rows already there, --since, the times
// it vouches for, and a checkpoint that goes on where it stopped.
#include "asterisk_source.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "source_test_support.hpp"

namespace vigie::sources::testing {
namespace {

class AsteriskSource : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-asterisk-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "queue_log").string();
    log_ = open_memstream(&log_text_, &log_size_);
  }
  void TearDown() override {
    std::fclose(log_);
    std::free(log_text_);
    std::filesystem::remove_all(dir_);
  }
  void append(const std::string& text) {
    std::ofstream out(path_, std::ios::app);
    out << text;
  }
  std::unique_ptr<AsteriskQueueLogSource> source(AsteriskOptions o) {
    o.path = path_;
    o.rules.idle_logout_ms = 0;
    return std::make_unique<AsteriskQueueLogSource>(o, roster_, reasons_, log_);
  }
  // Reads until nothing more comes; the events, described.
  Lines read_all(AsteriskQueueLogSource& s, std::int64_t now_ms) {
    Lines text;
    for (int i = 0; i < 5; ++i) {
      std::vector<fw::Event> out;
      s.read(now_ms, out);
      for (const auto& e : out) text.push_back(describe(e));
    }
    return text;
  }
  std::string log() {
    std::fflush(log_);
    return std::string(log_text_, log_size_);
  }

  std::filesystem::path dir_;
  std::string path_;
  AgentRoster roster_{"sav-1"};
  PauseReasons reasons_;
  std::FILE* log_ = nullptr;
  char* log_text_ = nullptr;
  std::size_t log_size_ = 0;
};

std::int64_t ms(int h, int m, int s = 0) {
  return (kDay + h * 3600 + m * 60 + s) * 1000;
}

TEST_F(AsteriskSource, BadLinesAreNamedByNumberAndTheRestIsRead) {
  append(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|\n" +        // 1
         "garbage without fields\n" +                         // 2
         "\n" +                                               // 3
         at(8, 1) + "|c1|q1|Jeanne Martin|CONNECT|1|x|2\n" +  // 4: a person's name
         at(8, 2) + "|c2|q1|SIP/2001|CONNECT|1|x|2\n");       // 5
  AsteriskOptions o;
  o.follow = false;
  auto s = source(o);
  EXPECT_EQ(read_all(*s, ms(9, 0)),
            (Lines{"08:00:00 2001 available", "08:02:00 2001 talking call=c2 queue=q1"}));
  EXPECT_TRUE(s->finished());
  const std::string text = log();
  EXPECT_NE(text.find("queue_log:2: fewer than 5 fields"), std::string::npos) << text;
  EXPECT_NE(text.find("queue_log:4: the member name"), std::string::npos) << text;
  EXPECT_EQ(text.find("Jeanne"), std::string::npos) << "a name never leaves the node";
  EXPECT_EQ(text.find("garbage"), std::string::npos) << "lines are never quoted";
  const LineTally& t = s->lines();
  EXPECT_EQ(t.lines, 5u);
  EXPECT_EQ(t.mapped, 2u);
  EXPECT_EQ(t.skipped, 1u);
  EXPECT_EQ(t.refused, 2u);
  EXPECT_TRUE(t.balanced());
}

TEST_F(AsteriskSource, AFirstStartLearnsTheFloorThenSendsItsPicture) {
  append(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|\n" + at(8, 0) + "|NONE|q1|SIP/2002|ADDMEMBER|\n" +
         at(9, 0) + "|NONE|q1|SIP/2002|PAUSE|\n" + at(10, 0) + "|NONE|q1|SIP/2001|REMOVEMEMBER|\n");
  auto s = source({});
  EXPECT_FALSE(s->vouched()) << "nothing vouched before the first start's picture";
  EXPECT_EQ(read_all(*s, ms(11, 0)), Lines{"10:59:58 2002 not_ready/other"});
  EXPECT_EQ(*s->vouched(), ms(11, 0) - 2000) << "at the end: the clock less the lateness";
  append(at(11, 0, 5) + "|NONE|q1|SIP/2002|UNPAUSE|\n");
  EXPECT_EQ(read_all(*s, ms(11, 1)), Lines{"11:00:05 2002 available"});
}

TEST_F(AsteriskSource, SinceSendsTheRowsFromThen) {
  append(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|\n" + at(9, 0) +
         "|c1|q1|SIP/2001|CONNECT|1|x|2\n" + at(9, 5) + "|c1|q1|SIP/2001|COMPLETEAGENT|1|300|1\n");
  AsteriskOptions o;
  o.since = ms(9, 2);
  auto s = source(o);
  EXPECT_EQ(read_all(*s, ms(12, 0)),
            (Lines{"09:02:00 2001 talking call=c1 queue=q1", "09:05:00 2001 available"}));
}

TEST_F(AsteriskSource, AHistoryVouchesForItsRowsNotForTheClock) {
  std::string rows;
  for (int i = 0; i < 3000; ++i)
    rows += std::to_string(kDay + 8 * 3600 + i) + "|NONE|q1|SIP/2001|" +
            (i % 2 ? "UNPAUSE|" : "PAUSE|") + "\n";
  append(rows);
  AsteriskOptions o;
  o.since = ms(7, 0);
  auto s = source(o);
  std::vector<fw::Event> out;
  s->read(ms(23, 0), out);
  ASSERT_TRUE(s->vouched());
  EXPECT_LT(*s->vouched(), ms(9, 0)) << "still behind: the rows' time, not the clock";
  std::int64_t last = 0;
  for (const auto& e : out) EXPECT_GE(e.ts, last = std::max(last, e.ts));
  for (const auto& e : out) EXPECT_LE(e.ts, *s->vouched());
  out.clear();
  s->read(ms(23, 0), out);
  s->read(ms(23, 0), out);
  EXPECT_LT(*s->vouched(), ms(9, 0))
      << "at the end, but rows hours old just came: a history being written, not the clock yet";
  s->read(ms(23, 0) + 31'000, out);
  EXPECT_LT(*s->vouched(), ms(9, 0)) << "a --since import waits for a current row";
  append(std::to_string(kDay + 23 * 3600 + 30) + "|NONE|q1|SIP/2001|UNPAUSE|\n");
  s->read(ms(23, 0) + 32'000, out);
  EXPECT_EQ(*s->vouched(), ms(23, 0) + 32'000 - 2000) << "rows are current: the clock";
  s->read(ms(23, 5), out);
  EXPECT_EQ(*s->vouched(), ms(23, 5) - 2000);
}

TEST_F(AsteriskSource, AFollowedFileAtItsEndVouchesForTheClock) {
  append(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|\n");
  auto s = source({});
  std::vector<fw::Event> out;
  s->read(ms(9, 0), out);
  EXPECT_EQ(*s->vouched(), ms(9, 0) - 2000);
  s->read(ms(20, 0), out);
  EXPECT_EQ(*s->vouched(), ms(20, 0) - 2000) << "a PBX quiet at night";
}

TEST_F(AsteriskSource, ACheckpointGoesOnWhereItStopped) {
  append(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|\n");
  AsteriskOptions o;
  o.since = ms(7, 0);
  nlohmann::json kept;
  {
    auto s = source(o);
    EXPECT_EQ(read_all(*s, ms(8, 30)), Lines{"08:00:00 2001 available"});
    kept = s->checkpoint();
  }
  append(at(8, 40) + "|c1|q1|SIP/2001|CONNECT|1|x|2\n");
  auto s = source(o);
  std::string error;
  ASSERT_TRUE(s->restore(kept, error)) << error;
  EXPECT_EQ(read_all(*s, ms(9, 0)), Lines{"08:40:00 2001 talking call=c1 queue=q1"});
}

TEST_F(AsteriskSource, AnotherFilesCheckpointIsRefused) {
  auto s = source({});
  nlohmann::json kept = s->checkpoint();
  kept["source"] = "asterisk-queue-log /elsewhere/queue_log";
  std::string error;
  EXPECT_FALSE(s->restore(kept, error));
  EXPECT_NE(error.find("/elsewhere/queue_log"), std::string::npos) << error;
}

}  // namespace
}  // namespace vigie::sources::testing
