// vigie-sim --pbx-dir: the simulated ACD written as Asterisk and a WFM tool
// would, then read back by vigie-node's sources: the same calls, pauses by
// reason, logoffs and shifts as the centre made.
#include "pbx_files.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "asterisk_source.hpp"
#include "centre.hpp"
#include "schedule_source.hpp"

using namespace vigie::sim;
namespace src = vigie::sources;
namespace fw = vigie::fw;

namespace {

constexpr Ms kMonday = 1795993200000;  // 2026-11-30 00:00 Europe/Paris

TEST(SimPbxFiles, WhatThePbxWroteReadsBackAsTheCentresDay) {
  setenv("TZ", "Europe/Paris", 1);
  tzset();
  const auto dir =
      std::filesystem::temp_directory_path() / ("vigie-sim-pbx-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  CentreOptions o;
  o.agents = 8;
  o.teams = 2;
  o.start = kMonday;
  o.duration = 24 * 3600 * 1000LL;
  std::map<std::string, int> made;  // what the centre did, as "state/reason"
  int shifts = 0;
  {
    Centre centre(o);
    PbxFiles pbx(dir.string(), o.acd_node, centre.roster(), nullptr);
    std::map<std::string, std::string> before;
    centre.run([&](const Emitted& e) {
      if (e.node == o.acd_node && e.event.at("type") == "agent.state") {
        const std::string state = e.event.at("state");
        const std::string agent = e.event.at("agent");
        // Asterisk writes nothing for hold, a call resumed after it, or the end of a
        // wrap-up; a call's end (COMPLETEAGENT) is read back as available (no --wrapup).
        if (state == "wrap_up")
          ++made["available/"];
        else if (state != "hold" && !(state == "talking" && before[agent] == "hold") &&
                 !(state == "available" && before[agent] == "wrap_up"))
          ++made[state + "/" + e.event.value("reason", "")];
        before[agent] = state;
      }
      if (e.event.at("type") == "schedule.shift") ++shifts;
      return pbx.write(e);
    });
    pbx.close();
  }
  src::AgentRoster roster;
  src::PauseReasons reasons;
  std::string error;
  ASSERT_TRUE(roster.load((dir / "roster.csv").string(), error)) << error;
  ASSERT_TRUE(reasons.load((dir / "pause-reasons.csv").string(), error)) << error;
  src::AsteriskOptions a;
  a.path = (dir / "queue_log").string();
  a.follow = false;
  a.rules.idle_logout_ms = 0;
  src::AsteriskQueueLogSource source(a, roster, reasons);
  std::map<std::string, int> read;
  while (!source.finished()) {
    std::vector<fw::Event> out;
    source.read(0, out);
    for (const auto& e : out)
      ++read[std::string(fw::state_name(e.agent_state.state)) + "/" +
             fw::reason_name(e.agent_state.reason)];
  }
  EXPECT_EQ(source.lines().refused, 0u);
  EXPECT_EQ(source.agents().unknown_reasons, 0u) << "every pause code is in the table";
  EXPECT_EQ(read, made);

  src::ScheduleOptions s;
  s.path = (dir / "planning.csv").string();
  s.follow = false;
  src::ScheduleSource schedule(s, roster);
  std::vector<fw::Event> planned;
  schedule.read(kMonday, planned);
  EXPECT_EQ(static_cast<int>(planned.size()), shifts);
  EXPECT_GT(shifts, 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
