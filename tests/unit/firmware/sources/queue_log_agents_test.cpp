// queue_log rows to one state per agent: each verb, each layout's data fields,
// and the pitfalls of real files (one PAUSE per queue, members named three
// ways, Asterisk restarts, missing logoffs, rows out of order). Rows follow
// app_queue.c's format strings (ast_queue_log(queue, callid, member, EVENT,
// fmt, ...)) or are quoted from the real files in shared/data (no caller
// number or name among them).
#include <gtest/gtest.h>

#include "source_test_support.hpp"

namespace vigie::sources::testing {
namespace {

AgentRules no_idle() {
  AgentRules rules;
  rules.idle_logout_ms = 0;
  return rules;
}

TEST(QueueLogAgents, AddMemberLogsInAndRemoveMemberLogsOut) {
  Floor floor(no_idle());
  // Asterisk 1.8+: ADDMEMBER's data is "" or "PAUSED".
  EXPECT_EQ(floor.line(at(8, 0) + "|1543598990.25|IT|Local/1127@callback-agent|ADDMEMBER|"),
            Lines{"08:00:00 1127 available"});
  EXPECT_EQ(floor.line(at(17, 0) + "|1543625964.49|IT|Local/1127@callback-agent|REMOVEMEMBER|"),
            Lines{"17:00:00 1127 logged_out"});
}

TEST(QueueLogAgents, AddedPausedStartsNotReady) {
  Floor floor(no_idle());
  EXPECT_EQ(floor.line(at(8, 0) + "|MANAGER|sales|PJSIP/2001|ADDMEMBER|PAUSED"),
            Lines{"08:00:00 2001 not_ready/other"});
}

TEST(QueueLogAgents, AgentLoginAndCallbackLoginOfEveryVersion) {
  Floor floor(no_idle());
  // chan_agent and app_agent_pool: AGENTLOGIN|channel, AGENTLOGOFF|channel|logintime.
  EXPECT_EQ(floor.line(at(9, 2) + "|login_time_3|NONE|Agent/4|AGENTLOGIN|SIP/aaaaa-00000001"),
            Lines{"09:02:00 4 available"});
  EXPECT_EQ(
      floor.line(at(9, 2, 30) + "|login_time_3|NONE|Agent/4|AGENTLOGOFF|SIP/aaaaa-00000001|30"),
      Lines{"09:02:30 4 logged_out"});
  // Asterisk 1.4: AGENTCALLBACKLOGIN|exten@context, ...LOGOFF|exten@context|logintime|reason.
  EXPECT_EQ(floor.line(at(9, 10) + "|1341343640.4|NONE|Agent/3001|AGENTCALLBACKLOGIN|1002@pcm-dev"),
            Lines{"09:10:00 3001 available"});
  EXPECT_EQ(floor.line(at(9, 25) +
                       "|NONE|NONE|Agent/3001|AGENTCALLBACKLOGOFF|1002@pcm-dev|900|CommandLogoff"),
            Lines{"09:25:00 3001 logged_out"});
}

TEST(QueueLogAgents, ConnectTalksAndCompleteFreesInEveryLayout) {
  Floor floor(no_idle());
  floor.line(at(10, 0) + "|NONE|9000|Local/2004@from-internal/n|ADDMEMBER|");
  // Asterisk 1.4: CONNECT|holdtime|bridged uniqueid (LogVisualiserKata).
  EXPECT_EQ(floor.line(at(10, 1) + "|1266833905.2|9000|Local/2004@from-internal/n|CONNECT|1|"
                                   "1266833911.7"),
            Lines{"10:01:00 2004 talking call=1266833905.2 queue=9000"});
  EXPECT_EQ(floor.line(at(10, 4) + "|1266833905.2|9000|Local/2004@from-internal/n|COMPLETEAGENT|1|"
                                   "3|1"),
            Lines{"10:04:00 2004 available"});
  // 1.6 to 22: CONNECT|holdtime|bridged uniqueid|ringtime.
  EXPECT_EQ(floor.line(at(10, 5) + "|1543600769.197|9000|Local/2004@from-internal/n|CONNECT|6|"
                                   "1543600861.232|6"),
            Lines{"10:05:00 2004 talking call=1543600769.197 queue=9000"});
  // A transfer ends the agent's part: TRANSFER|exten|context|holdtime|calltime|origposition.
  EXPECT_EQ(floor.line(at(10, 9) + "|1543600769.197|9000|Local/2004@from-internal/n|TRANSFER|"
                                   "1001|default|6|240|1"),
            Lines{"10:09:00 2004 available"});
}

TEST(QueueLogAgents, WrapUpWhenTheSiteGivesOneThenAvailable) {
  AgentRules rules = no_idle();
  rules.wrapup_ms = 30'000;
  Floor floor(rules);
  floor.line(at(10, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|");
  floor.line(at(10, 1) + "|c1|q1|SIP/2001|CONNECT|2|c1-peer|3");
  EXPECT_EQ(floor.line(at(10, 5) + "|c1|q1|SIP/2001|COMPLETECALLER|2|240|1"),
            Lines{"10:05:00 2001 wrap_up call=c1"});
  EXPECT_EQ(floor.until(10, 5, 29), Lines{});
  EXPECT_EQ(floor.until(10, 6), Lines{"10:05:30 2001 available"});
}

TEST(QueueLogAgents, AWrapUpEndsBeforeARowOfItsOwnTime) {
  AgentRules rules = no_idle();
  rules.wrapup_ms = 30'000;
  Floor floor(rules);
  floor.line(at(10, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|");
  floor.line(at(10, 1) + "|c1|q1|SIP/2001|CONNECT|2|c1-peer|3");
  floor.line(at(10, 5) + "|c1|q1|SIP/2001|COMPLETEAGENT|2|240|1");
  EXPECT_EQ(floor.line(at(10, 7) + "|c2|q1|SIP/2001|CONNECT|2|c2-peer|3"),
            (Lines{"10:05:30 2001 available", "10:07:00 2001 talking call=c2 queue=q1"}));
}

TEST(QueueLogAgents, WazoWrapUpStartGivesItsOwnLength) {
  Floor floor(no_idle());
  floor.line(at(9, 42) + "|NONE|q11|Agent/11|AGENTLOGIN|SIP/x-1");
  floor.line(at(9, 43, 5) + "|wrapup_time_1|q11|Agent/11|CONNECT|18|1351078982.15|2");
  floor.line(at(9, 43, 7) + "|wrapup_time_1|q11|Agent/11|COMPLETEAGENT|18|2|1");
  EXPECT_EQ(floor.line(at(9, 43, 7) + "|NONE|NONE|Agent/11|WRAPUPSTART|15"),
            Lines{"09:43:07 11 wrap_up call=wrapup_time_1"});
  EXPECT_EQ(floor.until(9, 44), Lines{"09:43:22 11 available"});
}

TEST(QueueLogAgents, PauseReasonsGoThroughTheSiteTable) {
  Floor floor(no_idle(), "", "Lunch,lunch\nTea Break,break\nFormation,training\n");
  floor.line(at(8, 0) + "|NONE|sales|PJSIP/2001|ADDMEMBER|");
  EXPECT_EQ(floor.line(at(12, 0) + "|NONE|sales|PJSIP/2001|PAUSE|lunch"),
            Lines{"12:00:00 2001 not_ready/lunch"})
      << "reasons match without regard to case";
  EXPECT_EQ(floor.line(at(13, 0) + "|NONE|sales|PJSIP/2001|UNPAUSE|"),
            Lines{"13:00:00 2001 available"});
  // A reason the table does not list: sent as other, and counted.
  EXPECT_EQ(floor.line(at(15, 0) + "|NONE|sales|PJSIP/2001|PAUSE|Smoke"),
            Lines{"15:00:00 2001 not_ready/other"});
  EXPECT_EQ(floor.agents().tally().unknown_reasons, 1u);
  // The qpanel issue's line: a member name, PAUSE|LUNCHBREAK; here through the roster.
}

TEST(QueueLogAgents, OnePausePerQueueAndPauseAllMakeOneState) {
  Floor floor(no_idle());
  floor.line(at(8, 0) + "|NONE|q1|Agent/3001|ADDMEMBER|");
  EXPECT_EQ(floor.line(at(8, 0) + "|NONE|q2|Agent/3001|ADDMEMBER|"), Lines{});
  // PauseQueueMember without a queue: PAUSEALL, then one PAUSE per queue.
  EXPECT_EQ(floor.line(at(10, 0) + "|NONE|NONE|Agent/3001|PAUSEALL|"),
            Lines{"10:00:00 3001 not_ready/other"});
  EXPECT_EQ(floor.line(at(10, 0) + "|NONE|q1|Agent/3001|PAUSE|"), Lines{});
  EXPECT_EQ(floor.line(at(10, 0) + "|NONE|q2|Agent/3001|PAUSE|"), Lines{});
  EXPECT_EQ(floor.line(at(10, 20) + "|NONE|NONE|Agent/3001|UNPAUSEALL|"),
            Lines{"10:20:00 3001 available"});
  EXPECT_EQ(floor.line(at(10, 20) + "|NONE|q2|Agent/3001|UNPAUSE|"), Lines{});
  EXPECT_EQ(floor.line(at(10, 20) + "|NONE|q1|Agent/3001|UNPAUSE|"), Lines{});
  // Removed from one queue of two: still logged in.
  EXPECT_EQ(floor.line(at(11, 0) + "|NONE|q1|Agent/3001|REMOVEMEMBER|"), Lines{});
  EXPECT_EQ(floor.line(at(11, 5) + "|NONE|q2|Agent/3001|REMOVEMEMBER|"),
            Lines{"11:05:00 3001 logged_out"});
}

TEST(QueueLogAgents, AChangeOfReasonWithoutUnpauseIsANewState) {
  Floor floor(no_idle(), "", "Break,break\nLunch,lunch\n");
  floor.line(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|");
  floor.line(at(10, 0) + "|NONE|q1|SIP/2001|PAUSE|Break");
  EXPECT_EQ(floor.line(at(10, 15) + "|NONE|q1|SIP/2001|PAUSE|Lunch"),
            Lines{"10:15:00 2001 not_ready/lunch"});
  EXPECT_EQ(floor.line(at(10, 16) + "|NONE|q1|SIP/2001|PAUSE|Lunch"), Lines{});
}

TEST(QueueLogAgents, AutoPauseIsASystemPauseNotABreak) {
  Floor floor(no_idle(), "", "Break,break\n");
  floor.line(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|");
  // app_queue.c after a ring without answer: set_member_paused(..., "Auto-Pause", 1).
  EXPECT_EQ(floor.line(at(9, 0) + "|NONE|q1|SIP/2001|PAUSE|Auto-Pause"),
            Lines{"09:00:00 2001 not_ready/other"});
  EXPECT_EQ(floor.agents().tally().system_pauses, 1u);
  EXPECT_EQ(floor.agents().tally().unknown_reasons, 0u);
}

TEST(QueueLogAgents, APauseDuringACallTakesEffectWhenTheCallEnds) {
  Floor floor(no_idle(), "", "Break,break\n");
  floor.line(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|");
  floor.line(at(9, 0) + "|c1|q1|SIP/2001|CONNECT|2|c1-peer|3");
  EXPECT_EQ(floor.line(at(9, 2) + "|NONE|q1|SIP/2001|PAUSE|Break"), Lines{});
  EXPECT_EQ(floor.line(at(9, 4) + "|c1|q1|SIP/2001|COMPLETEAGENT|2|120|1"),
            Lines{"09:04:00 2001 not_ready/break"});
}

TEST(QueueLogAgents, InterfacesAndMemberNamesOfOnePersonAreOneAgent) {
  // Asterisk writes PAUSEALL with the interface and PAUSE with the member name;
  // a callback agent logs in as Agent/N and is a member as Local/N@...
  Floor floor(no_idle(), "Jeanne Martin,4012,sav-2\nPJSIP/2001,4012,sav-2\n");
  EXPECT_EQ(floor.line(at(8, 0) + "|NONE|q1|PJSIP/2001|ADDMEMBER|"),
            Lines{"08:00:00 4012 available"});
  EXPECT_EQ(floor.line(at(10, 0) + "|NONE|NONE|PJSIP/2001|PAUSEALL|"),
            Lines{"10:00:00 4012 not_ready/other"});
  EXPECT_EQ(floor.line(at(10, 0) + "|NONE|q1|Jeanne Martin|PAUSE|"), Lines{});
  EXPECT_EQ(floor.events().back().agent_state.team.view(), "sav-2");

  Floor callback(no_idle());
  callback.line(at(12, 29, 50) + "|1543598990.25|IT|Local/1127@callback-agent|ADDMEMBER|");
  EXPECT_EQ(callback.line(at(12, 29, 50) +
                          "|1543598990.25|NONE|Agent/1127|AGENTCALLBACKLOGIN|hint:1127@default"),
            Lines{});
}

TEST(QueueLogAgents, AMemberNameTheRosterDoesNotKnowIsRefused) {
  Floor floor(no_idle());
  // Member names set to a person's name (as in one shared file): never sent.
  EXPECT_EQ(floor.line(at(16, 43) + "|1546015415.2|201|Jeanne Martin|CONNECT|5|1546015420.3|4"),
            Lines{});
  EXPECT_EQ(floor.fate().fate, Fate::refused);
  // An extension number as the member name is an identifier.
  EXPECT_EQ(floor.line(at(16, 44) + "|1546015415.9|201|2001|CONNECT|5|1546015420.9|4"),
            Lines{"16:44:00 2001 talking call=1546015415.9 queue=201"});
}

TEST(QueueLogAgents, AgentsWithoutATeamAreRefused) {
  AgentRoster roster;  // no default team
  PauseReasons reasons;
  QueueLogAgents agents(roster, reasons, no_idle());
  QueueLogRow row;
  const char* why = "";
  ASSERT_EQ(read_queue_log_line(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|", row, why), RowRead::row);
  std::vector<fw::Event> out;
  EXPECT_EQ(agents.take(row, out).fate, Fate::refused);
  EXPECT_TRUE(out.empty());
}

TEST(QueueLogAgents, NoneAndManagerCallIdsAreNoCall) {
  Floor floor(no_idle());
  floor.line(at(8, 0) + "|MANAGER|q1|SIP/2001|ADDMEMBER|");
  EXPECT_EQ(floor.line(at(9, 0) + "|NONE|q1|SIP/2001|CONNECT|2|x|3"),
            Lines{"09:00:00 2001 talking queue=q1"});
}

TEST(QueueLogAgents, AnAsteriskStartEndsEverySessionAndRestoresAreNoLogin) {
  Floor floor(no_idle());
  floor.line(at(12, 24, 44) + "|1543857883.2748|IT|Local/1144@callback-agent|ADDMEMBER|");
  floor.line(at(12, 27) + "|1543857883.2760|IT|Local/1144@callback-agent|CONNECT|4|x.1|3");
  floor.line(at(12, 29) + "|1543857883.2760|IT|Local/1144@callback-agent|COMPLETECALLER|4|136|1");
  // A restart, and the member Asterisk restores from its database (queue_log of a PBXware).
  EXPECT_EQ(floor.line(at(16, 51, 31) + "|NONE|NONE|NONE|QUEUESTART|"),
            Lines{"16:51:31 1144 logged_out"});
  EXPECT_EQ(floor.line(at(16, 51, 32) + "|MANAGER|IT|Local/1144@callback-agent|ADDMEMBER|"),
            Lines{});
  EXPECT_EQ(floor.fate().fate, Fate::skipped);
  EXPECT_EQ(floor.agents().tally().restores, 1u);
  // The person is back when they do something.
  EXPECT_EQ(floor.line(at(17, 10) + "|c9|IT|Local/1144@callback-agent|CONNECT|4|x.9|3"),
            Lines{"17:10:00 1144 talking call=c9 queue=IT"});
  // An AMI QueueAdd long after a start is a login.
  EXPECT_EQ(floor.line(at(18, 0) + "|MANAGER|IT|Local/1145@callback-agent|ADDMEMBER|"),
            Lines{"18:00:00 1145 available"});
}

TEST(QueueLogAgents, AMissingLogoffEndsTheSessionAfterTheIdleTime) {
  AgentRules rules;
  rules.idle_logout_ms = 60 * 60 * 1000;
  Floor floor(rules);
  floor.line(at(13, 0) + "|1543829345.283|IT|Local/1109@callback-agent|ADDMEMBER|");
  floor.line(at(13, 40) + "|c1|IT|Local/1109@callback-agent|CONNECT|4|x|3");
  floor.line(at(14, 2) + "|c1|IT|Local/1109@callback-agent|COMPLETEAGENT|4|1300|1");
  // Rings without answer all evening are no sign of the person.
  EXPECT_EQ(floor.line(at(14, 32) + "|c2|IT|Local/1109@callback-agent|RINGNOANSWER|9000"), Lines{});
  EXPECT_EQ(floor.until(15, 1), Lines{});
  EXPECT_EQ(floor.until(23, 0), Lines{"15:02:00 1109 logged_out"});
  EXPECT_EQ(floor.agents().tally().idle_logouts, 1u);
  // Back the next morning: the first call opens a new session.
  EXPECT_EQ(floor.line(at(23, 13) + "|c3|IT|Local/1109@callback-agent|CONNECT|21|x|3"),
            Lines{"23:13:00 1109 talking call=c3 queue=IT"});
}

TEST(QueueLogAgents, NoIdleLogoutDuringACall) {
  AgentRules rules;
  rules.idle_logout_ms = 60 * 60 * 1000;
  Floor floor(rules);
  floor.line(at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|");
  floor.line(at(8, 30) + "|c1|q1|SIP/2001|CONNECT|2|x|3");
  EXPECT_EQ(floor.until(10, 0), Lines{});
}

TEST(QueueLogAgents, ALogoffDuringACallTakesEffectWhenItEnds) {
  Floor floor(no_idle());
  floor.line(at(8, 0) + "|1543940699.2004|IT|Local/1144@callback-agent|ADDMEMBER|");
  floor.line(at(10, 11, 12) + "|c79|IT|Local/1144@callback-agent|CONNECT|79|x|10");
  EXPECT_EQ(floor.line(at(10, 16) + "|1543936560.1414|IT|Local/1144@callback-agent|REMOVEMEMBER|"),
            Lines{});
  EXPECT_EQ(floor.line(at(10, 16, 1) + "|1543936560.1414|NONE|Agent/1144|AGENTCALLBACKLOGOFF|"
                                       "hint:1144@default|78677|"),
            Lines{});
  EXPECT_EQ(floor.line(at(10, 24, 54) + "|c79|IT|Local/1144@callback-agent|COMPLETEAGENT|79|823|1"),
            Lines{"10:24:54 1144 logged_out"});
  // And a call end after a plain logoff is skipped, not a new session.
  EXPECT_EQ(floor.line(at(10, 30) + "|c79|IT|Local/1144@callback-agent|COMPLETEAGENT|79|823|1"),
            Lines{});
  EXPECT_EQ(floor.fate().fate, Fate::skipped);
}

TEST(QueueLogAgents, AsterisksUnpauseAtLogoffDoesNotLogBackIn) {
  Floor floor(no_idle());
  floor.line(at(9, 10, 10) + "|login_time_1|NONE|Agent/3|AGENTCALLBACKLOGIN|1001@statscenter");
  floor.line(at(9, 25, 10) +
             "|login_time_2|NONE|Agent/3|AGENTCALLBACKLOGOFF|1001@statscenter|900|CommandLogoff");
  EXPECT_EQ(floor.line(at(9, 25, 11) + "|login_time_3|NONE|Agent/3|UNPAUSEALL|"), Lines{});
  EXPECT_EQ(floor.fate().fate, Fate::skipped);
}

TEST(QueueLogAgents, UnknownVerbsAreCountedAndSkipped) {
  Floor floor(no_idle());
  // PBXware's own OUTDIAL rows, and a row a dialplan wrote with QueueLog().
  EXPECT_EQ(floor.line(at(13, 19, 35) + "|1543605574.170|NONE|Agent/1127|OUTDIAL|881142"), Lines{});
  EXPECT_EQ(floor.fate().fate, Fate::skipped);
  floor.line(at(13, 20) + "|x|NONE|Agent/1127|OUTDIAL|3318");
  floor.line(at(13, 21) + "|x|q|NONE|CUSTOMTHING|a|b");
  EXPECT_EQ(floor.agents().tally().unknown_verbs.at("OUTDIAL"), 2u);
  EXPECT_EQ(floor.agents().tally().unknown_verbs.at("CUSTOMTHING"), 1u);
}

TEST(QueueLogAgents, CallerSideRowsAreSkipped) {
  Floor floor(no_idle());
  for (const std::string verb :
       {"ENTERQUEUE||0612345678|1", "ABANDON|1|1|13", "EXITWITHTIMEOUT|1|1|300",
        "RINGNOANSWER|1000", "CONFIGRELOAD|", "DID|0612345678"}) {
    EXPECT_EQ(floor.line(at(9, 0) + "|1.2|q1|NONE|" + verb), Lines{});
    EXPECT_EQ(floor.fate().fate, Fate::skipped) << verb;
  }
}

TEST(QueueLogAgents, ARowDatedBeforeOneAlreadyReadIsTakenAtTheTimeReached) {
  Floor floor(no_idle());
  floor.line(at(20, 7) + "|NONE|201|2001|ADDMEMBER|");
  EXPECT_EQ(floor.line(at(19, 50) + "|c1|201|2001|CONNECT|3|x|2"),
            Lines{"20:07:00 2001 talking call=c1 queue=201"});
  EXPECT_EQ(floor.agents().tally().late_rows, 1u);
}

TEST(QueueLogAgents, SavedStateGoesOnAsIfNeverStopped) {
  AgentRules rules;
  rules.wrapup_ms = 20'000;
  rules.idle_logout_ms = 30 * 60 * 1000;
  const std::vector<std::string> first = {
      at(8, 0) + "|NONE|q1|SIP/2001|ADDMEMBER|", at(8, 0) + "|NONE|q2|SIP/2001|ADDMEMBER|",
      at(8, 5) + "|c1|q1|SIP/2001|CONNECT|2|x|3", at(8, 9) + "|c1|q1|SIP/2001|COMPLETEAGENT|2|9|1",
      at(8, 9, 5) + "|NONE|q1|SIP/2002|ADDMEMBER|"};
  const std::vector<std::string> second = {at(8, 9, 30) + "|NONE|q1|SIP/2002|PAUSE|x",
                                           at(8, 10) + "|NONE|q1|SIP/2001|REMOVEMEMBER|",
                                           at(9, 0) + "|NONE|q2|SIP/2001|REMOVEMEMBER|"};
  Floor whole(rules);
  for (const auto& l : first) whole.line(l);
  Floor stopped(rules);
  for (const auto& l : first) stopped.line(l);
  Floor resumed(rules);
  std::string error;
  ASSERT_TRUE(resumed.agents().restore(stopped.agents().save(), error)) << error;
  Lines a, b;
  for (const auto& l : second) {
    for (auto& e : whole.line(l)) a.push_back(e);
    for (auto& e : resumed.line(l)) b.push_back(e);
  }
  for (auto& e : whole.until(12, 0)) a.push_back(e);
  for (auto& e : resumed.until(12, 0)) b.push_back(e);
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a.empty());
}

TEST(QueueLogAgents, ADamagedSavedStateIsRefused) {
  Floor floor;
  std::string error;
  EXPECT_FALSE(floor.agents().restore(nlohmann::json{{"now", 1}}, error));
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace vigie::sources::testing

namespace vigie::sources::testing {
namespace {

TEST(SiteTables, ABadRosterIsNamedByLine) {
  struct Case {
    std::string text, message;
  };
  for (const Case& c : std::vector<Case>{
           {"member,agent,team\nPJSIP/2001\n", "2: expected member,agent[,team]"},
           {"# comment\nPJSIP/2001,jeanne martin\n",
            "2: the agent must be 1-64 chars of A-Za-z0-9._- (an ACD login)"},
           {"PJSIP/2001,4012,sav 1\n", "1: the team must be 1-64 chars of A-Za-z0-9._-"},
           {"PJSIP/2001,4012\nPJSIP/2001,4013\n", "2: this member is listed twice"},
           {",4012\n", "1: the member is empty"},
       }) {
    AgentRoster roster;
    std::string error;
    EXPECT_FALSE(roster.load_text(c.text, error)) << c.text;
    EXPECT_EQ(error, c.message);
  }
  AgentRoster roster;
  std::string error;
  EXPECT_FALSE(roster.load("/nonexistent/roster.csv", error));
  EXPECT_EQ(error, "--roster /nonexistent/roster.csv: cannot read");
}

TEST(SiteTables, ABadPauseTableIsNamedByLine) {
  struct Case {
    std::string text, message;
  };
  for (const Case& c : std::vector<Case>{
           {"Lunch\n", "1: expected asterisk reason,contract reason"},
           {"Lunch,dejeuner\n",
            "1: 'dejeuner' is not a contract reason (break, lunch, personal, training, coaching, "
            "meeting, back_office, recovery, technical, other)"},
           {"Lunch,lunch\n lunch ,break\n", "2: this reason is listed twice"},
       }) {
    PauseReasons reasons;
    std::string error;
    EXPECT_FALSE(reasons.load_text(c.text, error)) << c.text;
    EXPECT_EQ(error, c.message);
  }
}

}  // namespace
}  // namespace vigie::sources::testing
