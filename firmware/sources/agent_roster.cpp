#include "agent_roster.hpp"

#include <fstream>
#include <sstream>
#include <vector>

#include "core/identifiers.hpp"
#include "queue_log_row.hpp"

namespace vigie::sources {

std::string interface_login(std::string_view field) {
  const std::size_t slash = field.find('/');
  if (slash == std::string_view::npos || slash == 0) return "";
  std::string_view rest = field.substr(slash + 1);
  rest = rest.substr(0, rest.find('@'));  // Local/2001@from-internal/n
  rest = rest.substr(0, rest.find('/'));  // SIP/2001/n
  return fw::is_valid_id(rest) ? std::string(rest) : "";
}

namespace {

bool digits_only(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

bool AgentRoster::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "--roster " + path + ": cannot read";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!load_text(text.str(), error)) {
    error = "--roster " + path + ":" + error;
    return false;
  }
  return true;
}

bool AgentRoster::load_text(std::string_view text, std::string& error) {
  std::size_t number = 0;
  std::vector<std::string> fields;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    auto fail = [&](const std::string& why) {
      error = std::to_string(number) + ": " + why;
      return false;
    };
    if (!split_csv(line, fields) || fields.size() < 2 || fields.size() > 3)
      return fail("expected member,agent[,team]");
    if (number == 1 && fields[0] == "member" && fields[1] == "agent") continue;
    if (fields[0].empty()) return fail("the member is empty");
    if (!fw::is_valid_id(fields[1]))
      return fail("the agent must be 1-64 chars of A-Za-z0-9._- (an ACD login)");
    if (fields.size() == 3 && !fields[2].empty() && !fw::is_valid_id(fields[2]))
      return fail("the team must be 1-64 chars of A-Za-z0-9._-");
    AgentIdentity id{fields[1], fields.size() == 3 ? fields[2] : ""};
    if (!members_.emplace(fields[0], id).second) return fail("this member is listed twice");
  }
  return true;
}

bool AgentRoster::login(std::string_view field, AgentIdentity& out) const {
  if (auto found = members_.find(field); found != members_.end()) {
    out = found->second;
  } else if (fw::is_valid_id(field)) {
    out = {std::string(field), ""};
  } else {
    return false;
  }
  if (out.team.empty()) out.team = default_team_;
  return true;
}

Resolution AgentRoster::resolve(std::string_view field, AgentIdentity& out) const {
  if (field.empty() || field == "NONE") return Resolution::nobody;
  auto found = members_.find(field);
  const std::string login = interface_login(field);
  if (found == members_.end() && !login.empty()) found = members_.find(login);
  if (found != members_.end()) {
    out = found->second;
  } else if (!login.empty()) {
    out = {login, ""};
  } else if (digits_only(field) && fw::is_valid_id(field)) {
    out = {std::string(field), ""};  // an extension number used as the member name
  } else {
    return Resolution::unknown_name;
  }
  if (out.team.empty()) out.team = default_team_;
  return Resolution::agent;
}

}  // namespace vigie::sources
