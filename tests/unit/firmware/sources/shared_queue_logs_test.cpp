// The third-party queue_log files of shared/data/asterisk-queue_log (read
// where they are, never copied here; skipped when the folder is absent):
// - each is read end to end: no crash, every line mapped, skipped with a
//   reason or refused, and no caller number nor member name that is a
//   person's in any event, report or checkpoint (values are never printed);
// - Wazo's acceptance scenarios: the login, pause and wrap-up time per agent
//   and hour, and the calls answered, from our events equal what Wazo's
//   statistics engine expects of the same rows.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "asterisk_source.hpp"
#include "civil_time.hpp"
#include "core/event_json.hpp"
#include "core/json_writer.hpp"
#include "source_test_support.hpp"

namespace vigie::sources::testing {
namespace {

const std::filesystem::path kFolder =
    std::filesystem::path(VIGIE_SHARED_DATA) / "asterisk-queue_log";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string event_json(const fw::Event& e) {
  char buffer[fw::kMaxEventJson];
  fw::JsonWriter out(buffer, sizeof buffer);
  out.begin_object();
  fw::write_event_members(out, e);
  out.end_object();
  return std::string(buffer, out.size());
}

bool phone_like(const std::string& s) {
  return s.size() >= 6 && s.find_first_not_of("0123456789+") == std::string::npos;
}

// What must never leave the node: caller numbers (ENTERQUEUE's caller id, a
// DID, the numbers a PBX writes in data fields: any run of 6+ digits that is
// not a uniqueid) and member names that are not interfaces or extensions.
std::vector<std::string> secrets_of(const std::string& text) {
  std::vector<std::string> secrets;
  std::istringstream lines(text);
  std::string line;
  bool csv = false;
  QueueLogTable table;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields;
    if (secrets.empty() && !csv && looks_like_csv_header(line)) {
      csv = true;
      const char* why = "";
      table.read_header(line, why);
      continue;
    }
    QueueLogRow row;
    const char* why = "";
    const RowRead r = csv ? table.read_row(line, row, why) : read_queue_log_line(line, row, why);
    if (r != RowRead::row) continue;
    for (const auto& d : row.data)
      if (phone_like(d)) secrets.push_back(d);
    if (row.agent.find(' ') != std::string::npos) secrets.push_back(row.agent);
  }
  return secrets;
}

struct Import {
  Lines events;
  std::string all_output;  // events as JSON, the log, the checkpoint
  LineTally tally;
  std::size_t file_lines = 0;
};

Import import(const std::filesystem::path& file) {
  Import result;
  const std::string text = read_text(file);
  result.file_lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
                      (!text.empty() && text.back() != '\n' ? 1 : 0);
  AgentRoster roster("sav-1");
  PauseReasons reasons;
  AsteriskOptions o;
  o.path = file.string();
  o.follow = false;
  char* log_text = nullptr;
  std::size_t log_size = 0;
  std::FILE* log = open_memstream(&log_text, &log_size);
  {
    AsteriskQueueLogSource source(o, roster, reasons, log);
    while (!source.finished()) {
      std::vector<fw::Event> out;
      source.read(1765000000000, out);
      for (const auto& e : out) {
        EXPECT_EQ(fw::check_event(e), nullptr);
        result.events.push_back(describe(e));
        result.all_output += event_json(e) + "\n";
      }
    }
    source.summary(log);
    result.all_output += source.checkpoint().dump();
    result.tally = source.lines();
  }
  std::fclose(log);
  result.all_output += std::string(log_text, log_size);
  std::free(log_text);
  return result;
}

class SharedQueueLogs : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (!std::filesystem::is_directory(kFolder))
      GTEST_SKIP() << kFolder << " is not there: the third-party files are not checked";
  }
};

TEST_P(SharedQueueLogs, EveryLineIsAccountedForAndNoCallerLeaves) {
  const auto file = kFolder / GetParam();
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  const Import result = import(file);
  EXPECT_EQ(result.tally.lines, result.file_lines);
  EXPECT_TRUE(result.tally.balanced());
  std::size_t leaked = 0;
  const auto secrets = secrets_of(read_text(file));
  for (const auto& secret : secrets)
    if (result.all_output.find(secret) != std::string::npos) ++leaked;
  EXPECT_EQ(leaked, 0u) << leaked << " of " << secrets.size()
                        << " caller numbers or names appear in the output (not printed)";
  // Which fates, for the record (reasons only: never a value from the file).
  std::cerr << GetParam() << ": " << result.tally.lines << " lines, " << result.tally.mapped
            << " mapped, " << result.tally.skipped << " skipped, " << result.tally.refused
            << " refused; " << result.events.size() << " events\n";
}

INSTANTIATE_TEST_SUITE_P(Files, SharedQueueLogs,
                         ::testing::Values("mindriven_LogVisualiserKata_input.log",
                                           "srinimonster_voipreports1_queue_log.csv",
                                           "xalakox_asterisk2slack_queue_log.log"));

TEST(SharedQueueLogsContent, APbxExportsSessionsEndAtTheRightTimeNotDaysLater) {
  if (!std::filesystem::is_directory(kFolder)) GTEST_SKIP() << kFolder << " is not there";
  const Import result = import(kFolder / "srinimonster_voipreports1_queue_log.csv");
  // Agent 1144 logs in at 17:24:43 UTC; its last call ends at 23:56:45; Asterisk
  // keeps the session until a logoff the next day (78677 s), restarting twice
  // meanwhile and restoring the member each time. In Vigie the day ends two
  // hours after the last call, the restores log nobody in, and the next day
  // starts with the next call; the logoff during that call ends it with the call.
  Lines day;
  for (const auto& e : result.events)
    if (e.find(" 1144 ") != std::string::npos) day.push_back(e);
  ASSERT_GE(day.size(), 4u);
  EXPECT_EQ(day.front(), "17:24:43 1144 available");
  const auto night = std::find(day.begin(), day.end(), "01:56:45 1144 logged_out");
  ASSERT_NE(night, day.end());
  EXPECT_EQ(night + 1 < day.end() ? *(night + 1) : "",
            "15:11:11 1144 talking call=1543936185.1258 queue=IT");
  EXPECT_EQ(day.back(), "15:24:54 1144 logged_out");
}

// ---- Wazo's statistics scenarios ----

struct Expectation {
  std::string agent, date, column, hour;  // hour: "8h-9h" or "Total"
  std::string value;
};

struct Scenario {
  std::string name;
  std::string csv;  // the queue_log rows as a realtime table export, in time order
  std::map<std::string, std::pair<int, int>> windows;  // configuration -> [from, to) hours
  std::vector<Expectation> expected;
  std::vector<std::pair<std::string, std::string>> config_of;  // (agent, configuration)
};

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (line[i] == '|') {
      out.push_back(cell);
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  for (auto& c : out) {
    c.erase(0, c.find_first_not_of(' '));
    c.erase(c.find_last_not_of(' ') + 1);
  }
  if (!out.empty()) out.erase(out.begin());  // before the first bar
  return out;
}

std::string csv_cell(const std::string& s) {
  return s.find_first_of(",\"") == std::string::npos ? s : "\"" + s + "\"";
}

std::vector<Scenario> wazo_scenarios(const std::string& text) {
  std::vector<Scenario> scenarios;
  std::istringstream in(text);
  std::string line;
  const std::regex config(R"re(statistic configuration "([^"]+)" from "(\d+):00" to "(\d+):00")re");
  const std::regex then(
      R"re(statistics on agent "(\d+)" on "([0-9-]+)" on configuration "([^"]+)")re");
  const std::regex last_hour(
      R"re(I should have "([0-9:]+)" minutes login in the last hour on agent "(\d+)")re");
  enum { none, rows, stats } table = none;
  bool relative = false;
  std::vector<std::string> header;
  std::vector<std::pair<std::string, std::string>> found_rows;  // (time, csv line)
  Expectation then_of;
  auto close_rows = [&] {
    if (found_rows.empty()) return;
    std::stable_sort(found_rows.begin(), found_rows.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& r : found_rows) scenarios.back().csv += r.second + "\n";
    found_rows.clear();
  };
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(' ');
    const bool is_row = first != std::string::npos && line[first] == '|';
    if (!is_row) {
      if (table == rows) close_rows();
      table = none;
      header.clear();
    }
    std::smatch m;
    if (line.find("Scenario:") != std::string::npos) {
      scenarios.push_back({});
      scenarios.back().name = line.substr(line.find(':') + 2);
    } else if (scenarios.empty()) {
      continue;
    } else if (std::regex_search(line, m, config)) {
      scenarios.back().windows[m[1]] = {std::stoi(m[2]), std::stoi(m[3])};
    } else if (line.find("the following queue_log entries") != std::string::npos) {
      table = rows;
      relative = line.find("in the last hour") != std::string::npos;
    } else if (std::regex_search(line, m, then)) {
      table = stats;
      then_of = {m[1], m[2], "", "", ""};
      scenarios.back().config_of.emplace_back(m[1], m[3]);
    } else if (std::regex_search(line, m, last_hour)) {
      // "In the last hour": the rows are MM:SS of one hour, here 2012-01-05 10h.
      scenarios.back().expected.push_back({m[2], "2012-01-05", "Login", "10h-11h", m[1]});
      scenarios.back().config_of.emplace_back(m[2], "last-hour");
      scenarios.back().windows["last-hour"] = {10, 11};
    } else if (is_row && header.empty()) {
      header = cells(line);
      if (table == rows)
        scenarios.back().csv = "time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n";
    } else if (is_row && table == rows) {
      auto c = cells(line);
      if (relative) c[0] = "2012-01-05 10:" + c[0];
      std::string csv;
      for (std::size_t i = 0; i < c.size(); ++i) csv += (i ? "," : "") + csv_cell(c[i]);
      found_rows.emplace_back(c[0], csv);
    } else if (is_row && table == stats) {
      const auto c = cells(line);
      for (std::size_t i = 1; i < c.size() && i < header.size(); ++i) {
        Expectation e = then_of;
        e.hour = c[0];
        e.column = header[i];
        e.value = c[i];
        scenarios.back().expected.push_back(e);
      }
    }
  }
  close_rows();
  return scenarios;
}

// Time per state and calls answered, per agent and hour, from agent.state events.
struct Day {
  std::map<std::string, std::map<int, std::int64_t>> ms;  // column -> hour -> ms
  std::map<int, int> answered;
};

Day measure(const std::vector<fw::Event>& events, const std::string& agent, std::int64_t day_start,
            int from_h, int to_h) {
  Day day;
  const std::int64_t window_end = day_start + to_h * 3600000LL;
  std::vector<fw::Event> mine;
  for (const auto& e : events)
    if (e.agent_state.agent.view() == agent) mine.push_back(e);
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const auto& s = mine[i].agent_state;
    const std::int64_t start = mine[i].ts;
    const std::int64_t end = i + 1 < mine.size() ? mine[i + 1].ts : window_end;
    const char* column = s.state == fw::AgentState::not_ready ? "Pause"
                         : s.state == fw::AgentState::wrap_up ? "Wrapup"
                                                              : nullptr;
    if (s.state == fw::AgentState::talking && start >= day_start)
      ++day.answered[static_cast<int>((start - day_start) / 3600000)];
    for (int h = from_h; h < to_h; ++h) {
      const std::int64_t a = std::max<std::int64_t>(start, day_start + h * 3600000LL);
      const std::int64_t b = std::min<std::int64_t>(end, day_start + (h + 1) * 3600000LL);
      if (b <= a) continue;
      if (s.state != fw::AgentState::logged_out) day.ms["Login"][h] += b - a;
      if (column != nullptr) day.ms[column][h] += b - a;
    }
  }
  return day;
}

std::string hms(std::int64_t ms) {
  const std::int64_t s = ms / 1000;
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d", static_cast<int>(s / 3600),
                static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  return text;
}

// Our values against Wazo's, under `rules`; the differences, as
// "scenario: agent N column hour: ours vs Wazo's".
struct Comparison {
  int compared = 0, ignored = 0;
  std::vector<std::string> differences;
  std::set<std::string> agents_differing;
};

void compare_with_wazo(const std::vector<Scenario>& scenarios, AgentRules rules, Comparison& c) {
  int& compared = c.compared;
  int& ignored = c.ignored;
  for (const auto& scenario : scenarios) {
    if (scenario.csv.empty() || scenario.expected.empty()) continue;
    AgentRoster roster("sav-1");
    PauseReasons reasons;
    QueueLogAgents agents(roster, reasons, rules);
    QueueLogTable table;
    std::istringstream rows(scenario.csv);
    std::string line;
    std::getline(rows, line);
    const char* why = "";
    ASSERT_TRUE(table.read_header(line, why)) << why;
    std::vector<fw::Event> events;
    while (std::getline(rows, line)) {
      QueueLogRow row;
      ASSERT_EQ(table.read_row(line, row, why), RowRead::row) << scenario.name << ": " << why;
      agents.take(row, events);
    }
    // Time runs to the end of the last window asked about (a wrap-up ends on its own).
    std::int64_t last_end = 0;
    for (const auto& e : scenario.expected) {
      CivilTime date;
      ASSERT_TRUE(parse_iso_datetime(e.date, date));
      std::string configuration;
      for (const auto& [agent, c] : scenario.config_of)
        if (agent == e.agent) configuration = c;
      last_end = std::max<std::int64_t>(
          last_end, to_epoch_ms(date) + scenario.windows.at(configuration).second * 3600000LL);
    }
    agents.advance(last_end, events);
    for (const auto& e : scenario.expected) {
      std::string configuration;
      for (const auto& [agent, c] : scenario.config_of)
        if (agent == e.agent) configuration = c;
      const auto [from_h, to_h] = scenario.windows.at(configuration);
      CivilTime date;
      ASSERT_TRUE(parse_iso_datetime(e.date, date));
      const std::int64_t day_start = to_epoch_ms(date);
      const Day day = measure(events, e.agent, day_start, from_h, to_h);
      std::string ours;
      if (e.column == "Answered") {
        int n = 0;
        for (int h = from_h; h < to_h; ++h)
          if (e.hour == "Total" || e.hour == std::to_string(h) + "h-" + std::to_string(h + 1) + "h")
            n += day.answered.count(h) ? day.answered.at(h) : 0;
        ours = std::to_string(n);
      } else if (e.column == "Login" || e.column == "Pause" || e.column == "Wrapup") {
        std::int64_t total = 0;
        for (int h = from_h; h < to_h; ++h)
          if (e.hour == "Total" || e.hour == std::to_string(h) + "h-" + std::to_string(h + 1) + "h")
            if (day.ms.count(e.column) && day.ms.at(e.column).count(h))
              total += day.ms.at(e.column).at(h);
        ours = hms(total);
      } else {
        ++ignored;  // Conversation: Wazo takes COMPLETE's calltime, not the rows' own times
        continue;
      }
      ++compared;
      if (ours != e.value) {
        c.differences.push_back(scenario.name + ": agent " + e.agent + " " + e.column + " " +
                                e.hour + ": " + ours + " vs " + e.value);
        c.agents_differing.insert(e.agent);
      }
    }
  }
}

TEST(WazoScenarios, LoginPauseAndWrapUpPerHourMatchWhatWazoExpects) {
  const auto file = kFolder / "wazo-platform_wazo-acceptance_statcenter_agent.feature";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << file << " is not there";
  const auto scenarios = wazo_scenarios(read_text(file));
  ASSERT_GE(scenarios.size(), 15u);
  // Wazo counts Asterisk's own login time: no idle logout.
  AgentRules rules;
  rules.idle_logout_ms = 0;
  Comparison c;
  compare_with_wazo(scenarios, rules, c);
  for (const auto& d : c.differences) ADD_FAILURE() << d;
  std::cerr << "Wazo scenarios: " << c.compared << " values compared, " << c.ignored
            << " not (conversation time)\n";
  EXPECT_GE(c.compared, 60);
}

TEST(WazoScenarios, WithTheDefaultRulesOnlySessionsWithoutSignsOfPresenceDiffer) {
  const auto file = kFolder / "wazo-platform_wazo-acceptance_statcenter_agent.feature";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << file << " is not there";
  Comparison c;
  compare_with_wazo(wazo_scenarios(read_text(file)), AgentRules{}, c);
  // Agents 4 and 6 log in and do nothing more for hours; agent 10's last pause
  // runs two hours and more: Vigie ends these sessions two hours after the last
  // sign of presence, Wazo counts them to the window's end.
  EXPECT_EQ(c.agents_differing, (std::set<std::string>{"4", "6", "10"}));
  for (const auto& d : c.differences) std::cerr << "by design: " << d << "\n";
}

TEST(WazoScenarios, WithTheDefaultIdleLogoutASessionWithoutAnySignEndsAfterTwoHours) {
  // Wazo's "Login before the day logout after the day": a login, nothing for two
  // days, a logoff. Wazo counts 48 hours; Vigie, which judges people's working
  // time, ends the session two hours after the last sign of presence.
  Floor floor;  // default rules
  floor.line(std::to_string(kDay + 8 * 3600 + 50 * 60) +
             "|login_time_1|NONE|Agent/6|AGENTCALLBACKLOGIN|1003@default");
  EXPECT_EQ(floor.until(23, 0), Lines{"10:50:00 6 logged_out"});
}

}  // namespace
}  // namespace vigie::sources::testing
