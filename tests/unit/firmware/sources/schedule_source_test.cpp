// Schedules from a WFM export: CSV and iCalendar (libical) into schedule.shift
// events with their publication time; a republished file sends only the shifts
// that changed; bad rows and events are named and skipped, the rest is read.
#include "schedule_source.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "planned_shifts.hpp"
#include "source_test_support.hpp"

namespace vigie::sources::testing {
namespace {

std::string shift_text(const fw::Event& e) {
  const auto& s = e.shift;
  std::string text = std::string(s.agent.c_str()) + "/" + s.team.c_str() + " " + s.shift.c_str() +
                     " " + clock_of(s.start) + "-" + clock_of(s.end);
  for (std::size_t i = 0; i < s.break_count; ++i)
    text += " " + std::string(s.breaks[i].kind.c_str()) + "@" + clock_of(s.breaks[i].start) + "-" +
            clock_of(s.breaks[i].end);
  return text;
}

class Schedule : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-schedule-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    log_ = open_memstream(&log_text_, &log_size_);
  }
  void TearDown() override {
    std::fclose(log_);
    std::free(log_text_);
    std::filesystem::remove_all(dir_);
  }
  // Publishes `text` as the schedule file (a new file renamed over, as exports do).
  void publish(const std::string& name, const std::string& text) {
    path_ = (dir_ / name).string();
    std::ofstream(path_ + ".tmp") << text;
    std::filesystem::rename(path_ + ".tmp", path_);
  }
  // Reads the file as a followed source would once it is still; the events.
  std::vector<fw::Event> read(ScheduleSource& s) {
    std::vector<fw::Event> out;
    clock_ += 5000;
    s.read(clock_, out);
    clock_ += 1500;
    s.read(clock_, out);
    return out;
  }
  std::string log() {
    std::fflush(log_);
    return std::string(log_text_, log_size_);
  }

  std::filesystem::path dir_;
  std::string path_;
  std::int64_t clock_ = (kDay - 86400 * 3) * 1000;
  AgentRoster roster_{"sav-1"};
  std::FILE* log_ = nullptr;
  char* log_text_ = nullptr;
  std::size_t log_size_ = 0;
};

TEST_F(Schedule, CsvShiftsWithBreaksAndPublication) {
  publish("planning.csv",
          "agent;team;shift;start;end;breaks;published\n"
          "4012;sav-2;s-4012-1201;2025-12-01 08:00;2025-12-01 16:30;\"10:00-10:10 break; "
          "12:30-13:15 lunch\";2025-11-17 09:00\n"
          "4013;;;2025-12-01 22:00;2025-12-02 06:00;02:00-02:20 break;\n");
  ScheduleOptions o;
  o.path = path_;
  ScheduleSource source(o, roster_, log_);
  const auto events = read(source);
  ASSERT_EQ(events.size(), 2u) << log();
  // Europe/Paris in December is UTC+1.
  EXPECT_EQ(shift_text(events[0]),
            "4012/sav-2 s-4012-1201 07:00:00-15:30:00 break@09:00:00-09:10:00 "
            "lunch@11:30:00-12:15:00");
  EXPECT_EQ(events[0].shift.published, 1763366400000);
  EXPECT_EQ(shift_text(events[1]),
            "4013/sav-1 4013-2025-12-01 21:00:00-05:00:00 break@01:00:00-01:20:00")
      << "a night shift's break after midnight is on the next day";
  for (const auto& e : events) {
    EXPECT_EQ(fw::check_event(e), nullptr);
    EXPECT_EQ(e.ts, clock_ - 2000) << "dated when read";
  }
  EXPECT_GT(events[1].shift.published, 0) << "no published column: the file's time";
}

TEST_F(Schedule, ARepublishedFileSendsOnlyTheShiftsThatChanged) {
  const std::string header = "agent,team,shift,start,end,breaks\n";
  publish("planning.csv", header + "4012,sav-1,a,2025-12-01 08:00,2025-12-01 16:00,\n" +
                              "4013,sav-1,b,2025-12-01 09:00,2025-12-01 17:00,\n");
  ScheduleOptions o;
  o.path = path_;
  ScheduleSource source(o, roster_, log_);
  EXPECT_EQ(read(source).size(), 2u);
  EXPECT_EQ(read(source).size(), 0u) << "not republished: nothing";
  publish("planning.csv", header + "4012,sav-1,a,2025-12-01 08:00,2025-12-01 16:00,\n" +
                              "4013,sav-1,b,2025-12-01 10:00,2025-12-01 18:00,\n");
  const auto events = read(source);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(shift_text(events[0]), "4013/sav-1 b 09:00:00-17:00:00");
  EXPECT_EQ(source.counts().sent_changed, 1u);
  EXPECT_EQ(source.counts().unchanged, 1u);
  // A restart goes on with what was sent.
  ScheduleSource again(o, roster_, log_);
  std::string error;
  ASSERT_TRUE(again.restore(source.checkpoint(), error)) << error;
  publish("planning.csv", header + "4012,sav-1,a,2025-12-01 08:00,2025-12-01 16:00,\n" +
                              "4013,sav-1,b,2025-12-01 10:00,2025-12-01 18:00,\n" +
                              "4014,sav-1,c,2025-12-01 10:00,2025-12-01 18:00,\n");
  EXPECT_EQ(read(again).size(), 1u);
}

TEST_F(Schedule, BadCsvRowsAreNamedAndSkipped) {
  publish("planning.csv",
          "agent,team,shift,start,end,breaks\n"
          "4012,sav-1,a,2025-12-01 08:00,2025-12-01 16:00,\n"            // 2
          "4013,sav-1,b,tomorrow,2025-12-01 16:00,\n"                    // 3
          "4014,sav-1,c,2025-12-01 16:00,2025-12-01 08:00,\n"            // 4
          "Jeanne Dupont,sav-1,d,2025-12-01 08:00,2025-12-01 16:00,\n"   // 5
          "4015,sav-1,e,2025-12-01 08:00,2025-12-01 16:00,noon lunch\n"  // 6
          "4016,sav-1\n");                                               // 7
  ScheduleOptions o;
  o.path = path_;
  ScheduleSource source(o, roster_, log_);
  EXPECT_EQ(read(source).size(), 1u);
  const std::string text = log();
  for (const char* line : {"line 3: start or end", "line 4: the shift ends before",
                           "line 5: the agent is not", "line 6: a break", "line 7: not as many"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  EXPECT_EQ(text.find("Jeanne"), std::string::npos);
}

TEST_F(Schedule, ICalendarShiftsBreaksAndZones) {
  publish("agent-4012.ics",
          "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//WFM//Planning//FR\r\n"
          "X-WR-CALNAME:4012\r\n"
          "BEGIN:VEVENT\r\nUID:shift-4012-20251201@wfm.example\r\n"
          "DTSTAMP:20251117T090000Z\r\nLAST-MODIFIED:20251118T100000Z\r\n"
          "DTSTART:20251201T080000\r\nDTEND:20251201T163000\r\nSUMMARY:Poste\r\nEND:VEVENT\r\n"
          "BEGIN:VEVENT\r\nUID:lunch-4012-20251201@wfm.example\r\nDTSTAMP:20251117T090000Z\r\n"
          "DTSTART:20251201T113000Z\r\nDTEND:20251201T121500Z\r\nCATEGORIES:LUNCH\r\n"
          "END:VEVENT\r\n"
          "BEGIN:VEVENT\r\nUID:shift-4013@wfm.example\r\nX-VIGIE-AGENT:4013\r\n"
          "X-VIGIE-TEAM:sav-3\r\nDTSTAMP:20251117T090000Z\r\n"
          "DTSTART:20251202T070000Z\r\nDTEND:20251202T150000Z\r\nEND:VEVENT\r\n"
          "BEGIN:VEVENT\r\nUID:broken@wfm.example\r\nDTSTAMP:20251117T090000Z\r\n"
          "DTSTART:20251203T150000Z\r\nDTEND:20251203T080000Z\r\nEND:VEVENT\r\n"
          "END:VCALENDAR\r\n");
  ScheduleOptions o;
  o.path = path_;
  ScheduleSource source(o, roster_, log_);
  const auto events = read(source);
  ASSERT_EQ(events.size(), 2u) << log();
  EXPECT_EQ(shift_text(events[0]), "4012/sav-1 " +
                                       shift_id_from("shift-4012-20251201@wfm.example") +
                                       " 07:00:00-15:30:00 lunch@11:30:00-12:15:00")
      << "a floating time is in the site's zone, a UTC one is UTC";
  EXPECT_EQ(events[0].shift.published, 1763460000000) << "LAST-MODIFIED";
  EXPECT_EQ(shift_text(events[1]).substr(0, 10), "4013/sav-3");
  EXPECT_NE(log().find("event 4: DTSTART and DTEND"), std::string::npos) << log();
}

TEST_F(Schedule, NotAnICalendarOrEmptyIsSaidSo) {
  std::vector<ScheduleProblem> problems;
  EXPECT_TRUE(
      read_schedule_ical("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "Europe/Paris", problems).empty());
  problems.clear();
  EXPECT_TRUE(read_schedule_csv("when,who\n1,2\n", "Europe/Paris", problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].what, "the header names no agent, start or end column");
}

TEST(ShiftIds, UidsBecomeContractIds) {
  EXPECT_EQ(shift_id_from("s-4012-1201"), "s-4012-1201");
  const std::string id = shift_id_from("shift-4012@wfm.example");
  EXPECT_TRUE(fw::is_valid_id(id)) << id;
  EXPECT_EQ(id, shift_id_from("shift-4012@wfm.example")) << "stable";
  EXPECT_NE(id, shift_id_from("shift-4012@wfm.exampl"));
  EXPECT_TRUE(fw::is_valid_id(shift_id_from(std::string(200, 'x') + "@y")));
}

}  // namespace
}  // namespace vigie::sources::testing
