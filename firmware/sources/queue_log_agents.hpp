// Asterisk queue_log rows to agent.state events (contract sec. 3.2): one state
// per agent, whichever queues and interfaces the rows name.
//
// An agent's state is derived from what the rows say of them: logged in (a
// login, a queue membership, or a call or pause that proves it), on a call
// (CONNECT until COMPLETE*/TRANSFER), wrapping up (the site's wrap-up time, or
// Wazo's WRAPUPSTART), paused with a reason (PAUSE/PAUSEALL, one line per queue
// or one for all) or available; an event is sent only when that changes.
//
// Sessions end when the rows say so, and also when they cannot have gone on:
// an Asterisk start (QUEUESTART) ends every session, and the members Asterisk
// then restores from its database (ADDMEMBER by MANAGER) are not people
// logging in; an agent logged in who shows no sign of presence (a login, a
// call, a pause chosen) for `idle_logout_ms` is logged out then, so a missing
// logoff costs at most that, not the days until the next one. A logoff during
// a call takes effect when the call ends.
//
// Rows are taken in the order read; one dated before a row already taken is
// taken at the time already reached (counted), so events never go back in time.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "agent_roster.hpp"
#include "core/event.hpp"
#include "pause_reasons.hpp"
#include "queue_log_row.hpp"

namespace vigie::sources {

struct AgentRules {
  std::int64_t wrapup_ms = 0;                     // queues.conf wrapuptime; 0: none
  std::int64_t idle_logout_ms = 2 * 3600 * 1000;  // 0: never
  std::int64_t restore_window_ms = 60 * 1000;     // after QUEUESTART, MANAGER adds are restores
};

enum class Fate : std::uint8_t { mapped, skipped, refused };

struct LineFate {
  Fate fate = Fate::mapped;
  const char* reason = "";  // why it was skipped or refused; never quotes the line
};

struct AgentTally {
  std::uint64_t events = 0;
  std::uint64_t unknown_reasons = 0;  // PAUSE reasons the site's table does not list
  std::uint64_t system_pauses = 0;    // Auto-Pause
  std::uint64_t restarts = 0;         // QUEUESTART
  std::uint64_t restores = 0;         // members re-added by Asterisk, not by a person
  std::uint64_t idle_logouts = 0;
  std::uint64_t late_rows = 0;  // dated before a row already taken
  std::map<std::string, std::uint64_t> unknown_verbs;
};

class QueueLogAgents {
 public:
  QueueLogAgents(const AgentRoster& roster, const PauseReasons& reasons, AgentRules rules);

  // Time has reached `now`: wrap-ups and idle sessions that ended by then end.
  void advance(std::int64_t now, std::vector<fw::Event>& out);
  // One row (after advance to its time): its events go to `out`.
  LineFate take(const QueueLogRow& row, std::vector<fw::Event>& out);
  // Each logged-in agent's state, dated `at`: a first start's picture of the floor.
  void picture(std::int64_t at, std::vector<fw::Event>& out);

  std::int64_t now() const { return now_; }
  const AgentTally& tally() const { return tally_; }

  nlohmann::json save() const;
  bool restore(const nlohmann::json& state, std::string& error);

 private:
  struct Agent {
    std::string team;
    bool logged_in = false;
    bool logged_off = false;   // by a logoff row: only a login or a call brings them back
    bool agent_login = false;  // AGENTLOGIN/AGENTCALLBACKLOGIN (chan_agent, app_agent_pool)
    std::set<std::string> queues;
    bool in_call = false;
    std::string call, queue, ended_call;
    bool logoff_after_call = false;
    bool paused = false;
    fw::NotReadyReason reason = fw::NotReadyReason::other;
    std::int64_t wrap_until = -1;
    std::int64_t last_presence = 0;
    // What was last sent.
    bool shown = false;
    fw::AgentState shown_state = fw::AgentState::logged_out;
    fw::NotReadyReason shown_reason = fw::NotReadyReason::none;
    std::string shown_call;
  };

  Agent& agent_for(const AgentIdentity& id);
  fw::AgentState derived(const Agent& a, std::int64_t t) const;
  void update(const std::string& id, Agent& a, std::int64_t t, std::vector<fw::Event>& out,
              bool force = false);
  std::int64_t next_due(const Agent& a) const;
  void login(Agent& a, std::int64_t t);
  void end_session(Agent& a);

  const AgentRoster& roster_;
  const PauseReasons& reasons_;
  AgentRules rules_;
  std::map<std::string, Agent> agents_;
  std::int64_t now_ = 0;
  std::int64_t restart_at_ = -1;
  AgentTally tally_;
};

}  // namespace vigie::sources
