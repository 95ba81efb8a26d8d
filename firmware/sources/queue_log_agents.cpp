#include "queue_log_agents.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>

#include "core/identifiers.hpp"

namespace vigie::sources {

namespace {

enum class Verb : std::uint8_t {
  restart,     // QUEUESTART
  queue_side,  // caller-side and configuration rows: no agent state in them
  add_member,
  remove_member,
  agent_login,
  agent_logoff,
  connect,
  call_end,  // COMPLETEAGENT, COMPLETECALLER, and the transfers that end the agent's part
  pause,
  unpause,
  wrapup_start,  // Wazo: WRAPUPSTART|seconds
  unknown
};

struct VerbName {
  const char* name;
  Verb verb;
};

// app_queue.c's verbs (1.4 to 22), chan_agent's and app_agent_pool's, and the
// few that PBX distributions add (FreePBX's DID, Wazo's).
constexpr VerbName kVerbs[] = {
    {"QUEUESTART", Verb::restart},
    {"CONFIGRELOAD", Verb::queue_side},
    {"SYSCOMPAT", Verb::queue_side},
    {"INFO", Verb::queue_side},
    {"DID", Verb::queue_side},
    {"ENTERQUEUE", Verb::queue_side},
    {"ABANDON", Verb::queue_side},
    {"EXITEMPTY", Verb::queue_side},
    {"EXITWITHKEY", Verb::queue_side},
    {"EXITWITHTIMEOUT", Verb::queue_side},
    {"RINGNOANSWER", Verb::queue_side},
    {"RINGCANCELED", Verb::queue_side},
    {"AGENTDUMP", Verb::queue_side},
    {"PENALTY", Verb::queue_side},
    {"JOINEMPTY", Verb::queue_side},
    {"LEAVEEMPTY", Verb::queue_side},
    {"FULL", Verb::queue_side},
    {"CLOSED", Verb::queue_side},
    {"ADDMEMBER", Verb::add_member},
    {"REMOVEMEMBER", Verb::remove_member},
    {"AGENTLOGIN", Verb::agent_login},
    {"AGENTCALLBACKLOGIN", Verb::agent_login},
    {"AGENTLOGOFF", Verb::agent_logoff},
    {"AGENTCALLBACKLOGOFF", Verb::agent_logoff},
    {"CONNECT", Verb::connect},
    {"COMPLETEAGENT", Verb::call_end},
    {"COMPLETECALLER", Verb::call_end},
    {"TRANSFER", Verb::call_end},
    {"BLINDTRANSFER", Verb::call_end},
    {"ATTENDEDTRANSFER", Verb::call_end},
    {"PAUSE", Verb::pause},
    {"PAUSEALL", Verb::pause},
    {"UNPAUSE", Verb::unpause},
    {"UNPAUSEALL", Verb::unpause},
    {"WRAPUPSTART", Verb::wrapup_start},
};

Verb verb_of(const std::string& text, std::string& upper) {
  upper = text;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& v : kVerbs)
    if (upper == v.name) return v.verb;
  return Verb::unknown;
}

// A call or queue name worth sending: a contract ID, not Asterisk's placeholders.
std::string id_or_empty(const std::string& text) {
  if (text == "NONE" || text == "MANAGER" || text == "REALTIME" || !fw::is_valid_id(text))
    return "";
  return text;
}

const char* state_text(fw::AgentState s) {
  return fw::state_name(s);
}

bool state_from_text(const std::string& text, fw::AgentState& out) {
  return fw::parse_state(text, out);
}

}  // namespace

QueueLogAgents::QueueLogAgents(const AgentRoster& roster, const PauseReasons& reasons,
                               AgentRules rules)
    : roster_(roster), reasons_(reasons), rules_(rules) {}

QueueLogAgents::Agent& QueueLogAgents::agent_for(const AgentIdentity& id) {
  Agent& a = agents_[id.agent];
  a.team = id.team;
  return a;
}

fw::AgentState QueueLogAgents::derived(const Agent& a, std::int64_t t) const {
  if (!a.logged_in) return fw::AgentState::logged_out;
  if (a.in_call) return fw::AgentState::talking;
  if (a.wrap_until > t) return fw::AgentState::wrap_up;
  if (a.paused) return fw::AgentState::not_ready;
  return fw::AgentState::available;
}

void QueueLogAgents::update(const std::string& id, Agent& a, std::int64_t t,
                            std::vector<fw::Event>& out, bool force) {
  const fw::AgentState state = derived(a, t);
  const fw::NotReadyReason reason =
      state == fw::AgentState::not_ready ? a.reason : fw::NotReadyReason::none;
  const std::string call = state == fw::AgentState::talking   ? a.call
                           : state == fw::AgentState::wrap_up ? a.ended_call
                                                              : std::string();
  if (!force && a.shown && a.shown_state == state && a.shown_reason == reason &&
      a.shown_call == call)
    return;
  a.shown = true;
  a.shown_state = state;
  a.shown_reason = reason;
  a.shown_call = call;
  fw::Event e;
  e.ts = t;
  e.type = fw::EventType::agent_state;
  fw::assign_id(e.agent_state.agent, id);
  fw::assign_id(e.agent_state.team, a.team);
  e.agent_state.state = state;
  e.agent_state.reason = reason;
  if (!call.empty()) fw::assign_id(e.agent_state.call, call);
  if (state == fw::AgentState::talking && !a.queue.empty())
    fw::assign_id(e.agent_state.queue, a.queue);
  out.push_back(e);
  ++tally_.events;
}

std::int64_t QueueLogAgents::next_due(const Agent& a) const {
  std::int64_t due = std::numeric_limits<std::int64_t>::max();
  if (a.wrap_until >= 0) due = a.wrap_until;
  if (a.logged_in && !a.in_call && rules_.idle_logout_ms > 0)
    due = std::min(due, a.last_presence + rules_.idle_logout_ms);
  return due;
}

void QueueLogAgents::advance(std::int64_t now, std::vector<fw::Event>& out) {
  for (;;) {
    std::string first;
    std::int64_t first_due = std::numeric_limits<std::int64_t>::max();
    for (auto& [id, a] : agents_) {
      const std::int64_t due = next_due(a);
      if (due < first_due) {
        first_due = due;
        first = id;
      }
    }
    if (first.empty() || first_due > now) break;
    Agent& a = agents_[first];
    if (first_due > now_) now_ = first_due;
    if (a.wrap_until >= 0 && a.wrap_until <= first_due) {
      a.wrap_until = -1;
      update(first, a, first_due, out);
    } else {
      end_session(a);  // idle: no sign of presence for idle_logout_ms
      ++tally_.idle_logouts;
      update(first, a, first_due, out);
    }
  }
  if (now > now_) now_ = now;
}

void QueueLogAgents::login(Agent& a, std::int64_t t) {
  a.logged_in = true;
  a.logged_off = false;
  a.last_presence = t;
}

void QueueLogAgents::end_session(Agent& a) {
  a.logged_in = false;
  a.in_call = false;
  a.logoff_after_call = false;
  a.paused = false;
  a.wrap_until = -1;
}

LineFate QueueLogAgents::take(const QueueLogRow& row, std::vector<fw::Event>& out) {
  std::int64_t t = row.ts_ms;
  if (t < now_) {
    ++tally_.late_rows;
    t = now_;
  }
  advance(t, out);
  std::string upper;
  const Verb verb = verb_of(row.verb, upper);
  switch (verb) {
    case Verb::restart:
      ++tally_.restarts;
      restart_at_ = t;
      for (auto& [id, a] : agents_) {
        end_session(a);
        a.agent_login = false;
        a.queues.clear();
        if (a.shown) update(id, a, t, out);
      }
      return {};
    case Verb::queue_side:
      return {Fate::skipped, "a queue or caller event: no agent state in it"};
    case Verb::unknown:
      ++tally_.unknown_verbs[upper];
      return {Fate::skipped, "an event this reader does not know"};
    default:
      break;
  }

  AgentIdentity who;
  switch (roster_.resolve(row.agent, who)) {
    case Resolution::nobody:
      return {Fate::skipped, "no agent on the line"};
    case Resolution::unknown_name:
      return {Fate::refused,
              "the member name is not an interface or extension and the roster "
              "does not name it"};
    case Resolution::agent:
      break;
  }
  if (who.team.empty())
    return {Fate::refused, "no team for this agent (give --team or a team in the roster)"};
  Agent& a = agent_for(who);
  const std::string& id = who.agent;
  const std::string data1 = row.data.empty() ? std::string() : row.data[0];

  switch (verb) {
    case Verb::add_member: {
      const bool restore = row.callid == "MANAGER" && restart_at_ >= 0 &&
                           t - restart_at_ <= rules_.restore_window_ms && !a.logged_in;
      a.queues.insert(row.queue);
      if (restore) {
        ++tally_.restores;
        return {Fate::skipped, "a member Asterisk restored at its start, not a login"};
      }
      const bool was_in = a.logged_in;
      login(a, t);
      if (!was_in && data1 == "PAUSED") {
        a.paused = true;
        reasons_.map("", a.reason);
      }
      break;
    }
    case Verb::agent_login:
      a.agent_login = true;
      login(a, t);
      break;
    case Verb::remove_member:
      a.queues.erase(row.queue);
      if (!a.queues.empty() || a.agent_login) break;
      [[fallthrough]];
    case Verb::agent_logoff:
      a.agent_login = false;
      a.queues.clear();
      if (a.in_call) {
        a.logoff_after_call = true;  // still talking: the session ends with the call
        break;
      }
      end_session(a);
      a.logged_off = true;
      break;
    case Verb::connect:
      if (!a.logged_in) login(a, t);  // a call answered proves a session
      a.in_call = true;
      a.call = id_or_empty(row.callid);
      a.queue = id_or_empty(row.queue);
      a.wrap_until = -1;
      a.last_presence = t;
      break;
    case Verb::call_end: {
      if (a.logoff_after_call) {
        end_session(a);
        a.logged_off = true;
        break;
      }
      if (!a.logged_in && a.logged_off) return {Fate::skipped, "a call ending after the logoff"};
      const std::string call = id_or_empty(row.callid);
      if (!a.in_call && !call.empty() && call == a.ended_call)
        return {Fate::skipped, "this call has already ended"};
      if (!a.logged_in) login(a, t);
      a.in_call = false;
      a.ended_call = call;
      a.last_presence = t;
      if (rules_.wrapup_ms > 0) a.wrap_until = t + rules_.wrapup_ms;
      break;
    }
    case Verb::pause: {
      if (!a.logged_in && a.logged_off) return {Fate::skipped, "a pause after the logoff"};
      fw::NotReadyReason reason;
      const auto match = reasons_.map(data1, reason);
      if (match == PauseReasons::Match::unknown) ++tally_.unknown_reasons;
      if (match == PauseReasons::Match::system) ++tally_.system_pauses;
      if (!a.logged_in) login(a, t);
      if (match != PauseReasons::Match::system) a.last_presence = t;
      a.paused = true;
      a.reason = reason;
      break;
    }
    case Verb::unpause:
      // Asterisk unpauses a member it logs off: that is no sign of the person.
      if (!a.logged_in && a.logged_off) return {Fate::skipped, "an unpause after the logoff"};
      if (!a.logged_in) login(a, t);
      a.paused = false;
      a.last_presence = t;
      break;
    case Verb::wrapup_start: {
      if (!a.logged_in && a.logged_off) return {Fate::skipped, "a wrap-up after the logoff"};
      char* end = nullptr;
      const long seconds = std::strtol(data1.c_str(), &end, 10);
      if (data1.empty() || *end != '\0' || seconds < 0 || seconds > 86400)
        return {Fate::refused, "WRAPUPSTART without a number of seconds"};
      if (!a.logged_in) login(a, t);
      a.in_call = false;
      a.wrap_until = t + seconds * 1000;
      break;
    }
    default:
      break;
  }
  update(id, a, t, out);
  return {};
}

void QueueLogAgents::picture(std::int64_t at, std::vector<fw::Event>& out) {
  std::vector<fw::Event> past;  // what ended before `at` is summed up by the picture
  advance(at, past);
  for (auto& [id, a] : agents_)
    if (derived(a, at) != fw::AgentState::logged_out) update(id, a, at, out, true);
}

nlohmann::json QueueLogAgents::save() const {
  nlohmann::json agents = nlohmann::json::object();
  for (const auto& [id, a] : agents_) {
    agents[id] = {{"team", a.team},
                  {"in", a.logged_in},
                  {"off", a.logged_off},
                  {"agent_login", a.agent_login},
                  {"queues", a.queues},
                  {"in_call", a.in_call},
                  {"call", a.call},
                  {"queue", a.queue},
                  {"ended_call", a.ended_call},
                  {"off_after_call", a.logoff_after_call},
                  {"paused", a.paused},
                  {"reason", fw::reason_name(a.reason)},
                  {"wrap_until", a.wrap_until},
                  {"presence", a.last_presence},
                  {"shown", a.shown},
                  {"shown_state", state_text(a.shown_state)},
                  {"shown_reason", fw::reason_name(a.shown_reason)},
                  {"shown_call", a.shown_call}};
  }
  return {{"now", now_}, {"restart_at", restart_at_}, {"agents", agents}};
}

bool QueueLogAgents::restore(const nlohmann::json& state, std::string& error) {
  try {
    agents_.clear();
    now_ = state.at("now").get<std::int64_t>();
    restart_at_ = state.at("restart_at").get<std::int64_t>();
    for (const auto& [id, j] : state.at("agents").items()) {
      Agent a;
      a.team = j.at("team").get<std::string>();
      a.logged_in = j.at("in").get<bool>();
      a.logged_off = j.at("off").get<bool>();
      a.agent_login = j.at("agent_login").get<bool>();
      a.queues = j.at("queues").get<std::set<std::string>>();
      a.in_call = j.at("in_call").get<bool>();
      a.call = j.at("call").get<std::string>();
      a.queue = j.at("queue").get<std::string>();
      a.ended_call = j.at("ended_call").get<std::string>();
      a.logoff_after_call = j.at("off_after_call").get<bool>();
      a.paused = j.at("paused").get<bool>();
      const std::string reason = j.at("reason").get<std::string>();
      if (!reason.empty() && !fw::parse_reason(reason, a.reason)) throw std::runtime_error(reason);
      a.wrap_until = j.at("wrap_until").get<std::int64_t>();
      a.last_presence = j.at("presence").get<std::int64_t>();
      a.shown = j.at("shown").get<bool>();
      if (!state_from_text(j.at("shown_state").get<std::string>(), a.shown_state))
        throw std::runtime_error("shown_state");
      const std::string shown_reason = j.at("shown_reason").get<std::string>();
      a.shown_reason = fw::NotReadyReason::none;
      if (!shown_reason.empty() && !fw::parse_reason(shown_reason, a.shown_reason))
        throw std::runtime_error(shown_reason);
      a.shown_call = j.at("shown_call").get<std::string>();
      agents_[id] = a;
    }
    return true;
  } catch (const std::exception& e) {
    agents_.clear();
    error = std::string("agent states: ") + e.what();
    return false;
  }
}

}  // namespace vigie::sources
