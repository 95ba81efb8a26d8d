// Who an Asterisk agent field is, as the contract names agents: the centre's
// ACD login, never a person's name (contract sec. 1).
//
// queue_log names one person several ways: an interface (Agent/1001,
// Local/2001@from-internal/n, SIP/2001, PJSIP/2001), and the member name a
// queue was given, which some sites set to the person's full name. Interfaces
// give their login (the part after the technology, before '@'); a member name
// is taken only if it is an extension number or the roster names it. The
// roster (a CSV file: member,agent[,team]) maps any of these texts to a login
// and a team; a name it does not know is refused, never sent.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace vigie::sources {

struct AgentIdentity {
  std::string agent;  // a valid contract ID
  std::string team;
};

enum class Resolution : std::uint8_t {
  agent,        // `out` is filled
  nobody,       // NONE or empty: a line about the queue, not an agent
  unknown_name  // a member name (perhaps a person's) the roster does not name: refuse
};

class AgentRoster {
 public:
  // Agents without a team in the roster get `default_team` (may be empty: then
  // such agents are refused with no_team()).
  explicit AgentRoster(std::string default_team = "") : default_team_(std::move(default_team)) {}

  // Reads member,agent[,team] lines ('#' comments, an optional header line
  // "member,agent,team"). False with `error` naming the line.
  bool load(const std::string& path, std::string& error);
  bool load_text(std::string_view text, std::string& error);

  Resolution resolve(std::string_view field, AgentIdentity& out) const;
  // A login field of another ACD: the roster's entry for it, or the text itself
  // if it is an ID. False otherwise (an e-mail, a name with a space...).
  bool login(std::string_view field, AgentIdentity& out) const;
  std::size_t size() const { return members_.size(); }
  const std::string& default_team() const { return default_team_; }

 private:
  std::map<std::string, AgentIdentity, std::less<>> members_;
  std::string default_team_;
};

// The login an interface names ("Local/2001@from-internal/n" -> "2001"), or ""
// if `field` is not an interface.
std::string interface_login(std::string_view field);

}  // namespace vigie::sources
