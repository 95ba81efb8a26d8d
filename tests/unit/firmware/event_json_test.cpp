// Events read from a bridge's line feed, and written as the contract shows.
#include "core/event_json.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sample_events.hpp"

namespace vigie::fw {
namespace {

std::string as_json(const Event& e) {
  char buf[2048];
  JsonWriter w(buf, sizeof buf);
  w.begin_object();
  write_event_members(w, e);
  w.end_object();
  EXPECT_TRUE(w.ok());
  return std::string(w.data(), w.size());
}

Event read_ok(const std::string& line) {
  Event e;
  EventLineError err;
  EXPECT_TRUE(read_event_line(line, e, err)) << line << ": " << err.field << ": " << err.reason;
  return e;
}

std::string read_error(const std::string& line) {
  Event e;
  EventLineError err;
  EXPECT_FALSE(read_event_line(line, e, err)) << line;
  return std::string(err.field) + ": " + err.reason;
}

TEST(EventJson, ReadsAnAgentStateLineAndWritesItBackInContractOrder) {
  Event e = read_ok(
      R"({"state":"talking","ts":1764489600123,"type":"agent.state","agent":"4012","team":"sav-1","queue":"billing","call":"c-88121"})");
  EXPECT_EQ(e.type, EventType::agent_state);
  EXPECT_EQ(as_json(e), R"({"ts":1764489600123,"type":"agent.state","agent":"4012","team":"sav-1",)"
                        R"("state":"talking","call":"c-88121","queue":"billing"})");
}

TEST(EventJson, RoundTripsEveryEventType) {
  for (
      std::string line : {
          std::string(
              R"({"ts":5,"type":"agent.state","agent":"a","team":"t","state":"not_ready","reason":"back_office"})"),
          std::string(
              R"({"ts":6,"type":"call.tag","agent":"a","call":"c-1","tags":["difficult","acoustic_shock"]})"),
          std::string(
              R"({"ts":7,"type":"schedule.shift","agent":"a","team":"t","shift":"s-1","start":100,"end":900,"breaks":[{"start":200,"end":215,"kind":"break"},{"start":400,"end":460,"kind":"lunch"}],"published":50})"),
          std::string(
              R"({"ts":8,"type":"schedule.shift","agent":"a","team":"t","shift":"s-2","start":100,"end":900,"published":50})"),
          std::string(
              R"({"ts":9,"type":"env.sample","zone":"plateau-2","window_s":60,"laeq_db":65.25,"l50_db":58.5,"lpeak_db":101,"temp_c":-2.75,"co2_ppm":812})"),
          std::string(R"({"ts":10,"type":"env.sample","zone":"z","window_s":0.5,"temp_c":21})"),
      }) {
    EXPECT_EQ(as_json(read_ok(line)), line);
  }
}

TEST(EventJson, NamesTheFieldAtFault) {
  EXPECT_EQ(read_error(R"({"ts":1,"type":"agent.state","agent":"4012","state":"talking"})"),
            "team: missing");
  EXPECT_EQ(read_error(R"({"ts":1,"type":"agent.state","agent":"a b","team":"t","state":"hold"})"),
            "agent: not a valid ID (1-64 of A-Za-z0-9._-)");
  EXPECT_EQ(read_error(R"({"ts":1,"type":"agent.state","agent":"a","team":"t","state":"asleep"})"),
            "state: unknown agent state");
  EXPECT_EQ(read_error(R"({"seq":3,"ts":1,"type":"agent.state"})"),
            "seq: assigned by the node, leave it out");
  EXPECT_EQ(
      read_error(
          R"({"ts":1,"type":"agent.state","agent":"a","team":"t","state":"hold","mood":"ok"})"),
      ": unknown member");
  EXPECT_EQ(read_error(R"({"ts":"1","type":"agent.state","agent":"a","team":"t","state":"hold"})"),
            "ts: expected a number");
  EXPECT_EQ(read_error(R"({"ts":1,"type":"call.tag","agent":"a","call":"c","tags":["rude"]})"),
            "tags: unknown tag");
  EXPECT_EQ(
      read_error(
          R"({"ts":1,"type":"call.tag","agent":"a","call":"c","tags":["abusive","abusive"]})"),
      "tags: repeated tag");
  EXPECT_EQ(read_error(R"({"ts":1,"type":"call.tag","agent":"a","call":"c","tags":[]})"),
            ": tags: at least one tag is required");
  EXPECT_EQ(
      read_error(
          R"({"ts":1,"type":"agent.state","agent":"a","team":"t","state":"hold","reason":"lunch"})"),
      ": reason: only with state not_ready");
  EXPECT_EQ(read_error(R"({"ts":1,"type":"env.sample","zone":"z","window_s":60,"team":"t"})"),
            "team: not a member of this event type");
  EXPECT_EQ(read_error(R"({"ts":1,"type":"noise"})"), "type: unknown event type");
  EXPECT_EQ(read_error(R"({"ts":1})"), "type: missing");
  EXPECT_EQ(read_error(R"({"ts":1,"ts":2,"type":"env.sample"})"), "ts: given twice");
  EXPECT_EQ(read_error(R"({"ts":1,"type":"agent.state")"), ": unterminated object");
  EXPECT_EQ(read_error("not json"), ": expected an object");
  EXPECT_EQ(read_error(R"({"ts":-1,"type":"env.sample","zone":"z","window_s":60})"),
            ": ts: negative");
  EXPECT_EQ(read_error(R"({"ts":1,"type":"env.sample","zone":"z","window_s":60})"),
            ": env.sample: carries no measurement");
  EXPECT_EQ(
      read_error(
          R"({"ts":1,"type":"schedule.shift","agent":"a","team":"t","shift":"s","start":5,"end":5,"published":0})"),
      ": end: not after start");
  EXPECT_EQ(
      read_error(
          R"({"ts":1,"type":"schedule.shift","agent":"a","team":"t","shift":"s","start":0,"end":9,"published":0,"breaks":[{"start":3,"end":3,"kind":"break"}]})"),
      ": breaks: end not after start");
}

TEST(EventJson, RefusesMoreBreaksThanAShiftCanHold) {
  std::string breaks;
  for (std::size_t i = 0; i <= kMaxBreaks; ++i)
    breaks += std::string(i ? "," : "") + R"({"start":1,"end":2,"kind":"break"})";
  EXPECT_EQ(
      read_error(
          R"({"ts":1,"type":"schedule.shift","agent":"a","team":"t","shift":"s","start":0,"end":9,"published":0,"breaks":[)" +
          breaks + "]}"),
      "breaks: too many breaks");
}

TEST(EventJson, ReportsTheByteOffsetOfAnError) {
  Event e;
  EventLineError err;
  std::string line = R"({"ts":1,"type":"agent.state","agent":"a","team":7})";
  ASSERT_FALSE(read_event_line(line, e, err));
  EXPECT_STREQ(err.field, "team");
  EXPECT_EQ(err.offset, line.find('7'));
}

TEST(EventJson, TheLargestEventFitsTheDeclaredBound) {
  std::string json = as_json(testing::largest_event());
  EXPECT_LE(json.size() + std::string(R"("seq":18446744073709551615,)").size(), kMaxEventJson);
}

// ---- {"until":T} lines (contract sec. 3.4) ----

TEST(UntilLine, ReadsAWatermarkLine) {
  std::int64_t until = -1;
  EventLineError err;
  EXPECT_EQ(read_until_line(R"({"until":1764489790000})", until, err), UntilLine::ok);
  EXPECT_EQ(until, 1764489790000);
  EXPECT_EQ(read_until_line(R"(  { "until" : 0 }  )", until, err), UntilLine::ok);
  EXPECT_EQ(until, 0);
}

TEST(UntilLine, LeavesEventLinesAndBrokenLinesToTheEventReader) {
  std::int64_t until = -1;
  EventLineError err;
  for (
      const char* line :
      {R"({"ts":1764489600123,"type":"agent.state","agent":"4012","team":"sav-1","state":"talking"})",
       R"({"ts":1,"breaks":[{"until":5}]})",  // only a top-level member counts
       R"(not json)", R"([1,2])", R"({"ts":)", ""}) {
    EXPECT_EQ(read_until_line(line, until, err), UntilLine::absent) << line;
  }
  EXPECT_EQ(until, -1);
}

TEST(UntilLine, RefusesABadWatermarkLineAndSaysWhy) {
  struct Case {
    const char* line;
    const char* reason;
  };
  for (const Case& c : {
           Case{R"({"until":-1})", "expected an unsigned integer"},
           Case{R"({"until":1.5})", "expected an unsigned integer"},
           Case{R"({"until":"1764489790000"})", "expected a number"},
           Case{R"({"until":9223372036854775808})", "integer out of range"},
           Case{R"({"until":1,"ts":2})", "an until line holds \"until\" and nothing else"},
           Case{R"({"ts":2,"until":1})", "an until line holds \"until\" and nothing else"},
           Case{R"({"until":1,"until":2})", "an until line holds \"until\" and nothing else"},
           Case{R"({"until":1} x)", "trailing characters"},
           Case{R"({"until":1)", "unterminated object"},
       }) {
    std::int64_t until = -1;
    EventLineError err;
    EXPECT_EQ(read_until_line(c.line, until, err), UntilLine::bad) << c.line;
    EXPECT_STREQ(err.field, "until") << c.line;
    EXPECT_STREQ(err.reason, c.reason) << c.line;
    EXPECT_EQ(until, -1) << c.line;
  }
}

}  // namespace
}  // namespace vigie::fw
