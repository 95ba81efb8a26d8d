// queue_log lines of every layout: the file Asterisk 1.4 to 22 writes (epoch
// seconds, pipe-separated, a number of data fields that differs by event and
// version) and realtime tables exported as CSV (Asterisk's column names,
// Wazo's datetime with microseconds, a PBX's renamed columns). Bad lines say
// why without quoting the line.
#include "queue_log_row.hpp"

#include <gtest/gtest.h>

#include "civil_time.hpp"

namespace vigie::sources {
namespace {

TEST(QueueLogRow, ReadsTheFileLayoutWithItsDataFields) {
  QueueLogRow row;
  const char* why = "";
  // Asterisk 1.4 (LogVisualiserKata): COMPLETEAGENT|holdtime|calltime|origposition.
  ASSERT_EQ(
      read_queue_log_line(
          "1266833915|1266833905.2|9000|Local/2004@from-internal/n|COMPLETEAGENT|1|3|1", row, why),
      RowRead::row);
  EXPECT_EQ(row.ts_ms, 1266833915000);
  EXPECT_EQ(row.callid, "1266833905.2");
  EXPECT_EQ(row.queue, "9000");
  EXPECT_EQ(row.agent, "Local/2004@from-internal/n");
  EXPECT_EQ(row.verb, "COMPLETEAGENT");
  EXPECT_EQ(row.data, (std::vector<std::string>{"1", "3", "1"}));
  // A system line with one empty data field, and one with none at all.
  ASSERT_EQ(read_queue_log_line("1266833361|NONE|NONE|NONE|QUEUESTART|", row, why), RowRead::row);
  EXPECT_EQ(row.data, std::vector<std::string>{""});
  ASSERT_EQ(read_queue_log_line("1266833361|NONE|NONE|NONE|QUEUESTART", row, why), RowRead::row);
  EXPECT_TRUE(row.data.empty());
}

TEST(QueueLogRow, BadLinesSayWhyWithoutQuotingThem) {
  QueueLogRow row;
  const char* why = "";
  EXPECT_EQ(read_queue_log_line("", row, why), RowRead::blank);
  EXPECT_EQ(read_queue_log_line("  \r", row, why), RowRead::blank);
  for (const char* bad : {"1266833361|NONE|NONE|NONE", "yesterday|NONE|NONE|NONE|QUEUESTART|",
                          "1266833361|NONE|NONE|NONE||", "1266833361|a|b|c|CONN ECT|1",
                          "-5|NONE|NONE|NONE|QUEUESTART|", "\x01\x02\x03"}) {
    why = "";
    EXPECT_EQ(read_queue_log_line(bad, row, why), RowRead::bad) << bad;
    EXPECT_STRNE(why, "") << bad;
  }
}

TEST(QueueLogRow, ReadsTimesAsSecondsOrUtcDates) {
  std::int64_t ms = 0;
  ASSERT_TRUE(parse_queue_log_time("1325408410.777777", ms));
  EXPECT_EQ(ms, 1325408410777);
  ASSERT_TRUE(parse_queue_log_time("2012-07-01 10:58:39.750413", ms));
  EXPECT_EQ(ms, 1341140319750);
  ASSERT_TRUE(parse_queue_log_time("2012-07-01T10:58:39Z", ms));
  EXPECT_EQ(ms, 1341140319000);
  ASSERT_TRUE(parse_queue_log_time("2012-07-01T12:58:39+02:00", ms));
  EXPECT_EQ(ms, 1341140319000);
  for (const char* bad :
       {"", "12:00", "2012-13-01 10:00:00", "2012-02-30 10:00:00", "1.2.3", "2012-07-01 25:00:00"})
    EXPECT_FALSE(parse_queue_log_time(bad, ms)) << bad;
}

TEST(QueueLogRow, ReadsARealtimeTableExport) {
  // Asterisk's queue_log table (Wazo's rows: a datetime with microseconds).
  QueueLogTable table;
  const char* why = "";
  const std::string header = "time,callid,queuename,agent,event,data1,data2,data3,data4,data5";
  ASSERT_TRUE(looks_like_csv_header(header));
  ASSERT_TRUE(table.read_header(header, why)) << why;
  QueueLogRow row;
  ASSERT_EQ(table.read_row("2012-01-01 09:25:10.777777,login_time_2,NONE,Agent/3,"
                           "AGENTCALLBACKLOGOFF,1001@statscenter,900,CommandLogoff,,",
                           row, why),
            RowRead::row)
      << why;
  EXPECT_EQ(row.ts_ms, 1325409910777);
  EXPECT_EQ(row.agent, "Agent/3");
  EXPECT_EQ(row.data,
            (std::vector<std::string>{"1001@statscenter", "900", "CommandLogoff", "", ""}));
  // A quoted field holding the separator (Wazo's "10|1").
  ASSERT_EQ(table.read_row("2012-01-01 09:06:10,t6,q02,Agent/2,ATTENDEDTRANSFER,LINK,SIP/a-1,"
                           "SIP/b-2,0,\"10,1\"",
                           row, why),
            RowRead::row);
  EXPECT_EQ(row.data[4], "10,1");
  EXPECT_EQ(table.read_row("2012-01-01 09:06:10,t6,q02", row, why), RowRead::bad);
  EXPECT_EQ(table.read_row("2012-01-01 09:06:10,t6,q02,Agent/2,CONNECT,\"x,1,2,3,4", row, why),
            RowRead::bad);
}

TEST(QueueLogRow, ReadsAPbxExportWithItsOwnColumnNames) {
  // A PBXware table export: date_time in seconds, the agent in "type", data in param1..3.
  QueueLogTable table;
  const char* why = "";
  ASSERT_TRUE(
      table.read_header("uid,date_time,callid,queue_name,type,event,param1,param2,param3,"
                        "entpos,expos,htime,ttime,time",
                        why))
      << why;
  QueueLogRow row;
  ASSERT_EQ(table.read_row("134,1543625964,1543625964.49,NONE,Agent/1141,AGENTCALLBACKLOGOFF,"
                           "hint:1141@default,25195,,0,0,0,0,2018-11-30 19:59:24",
                           row, why),
            RowRead::row)
      << why;
  EXPECT_EQ(row.ts_ms, 1543625964000);
  EXPECT_EQ(row.agent, "Agent/1141");
  EXPECT_EQ(row.verb, "AGENTCALLBACKLOGOFF");
  EXPECT_EQ(row.data, (std::vector<std::string>{"hint:1141@default", "25195", ""}));
}

TEST(QueueLogRow, AHeaderWithoutTheNeededColumnsIsRefused) {
  QueueLogTable table;
  const char* why = "";
  EXPECT_FALSE(table.read_header("when,who,what", why));
  EXPECT_STRNE(why, "");
  EXPECT_FALSE(looks_like_csv_header("1266833361|NONE|NONE|NONE|QUEUESTART|"));
}

TEST(QueueLogRow, CivilDatesCountDaysRight) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2024, 2, 29), 19782);
}

}  // namespace
}  // namespace vigie::sources
