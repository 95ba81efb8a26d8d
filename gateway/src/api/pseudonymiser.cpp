#include "api/pseudonymiser.hpp"

#include <stdexcept>
#include <string_view>

namespace vigie::api {

namespace {

// Contract sec. 1: IDs are made of these.
bool is_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// TEXT with every whole-ID occurrence of ID replaced by WITH. "agent.4012:" holds the ID
// after the "agent." prefix, so that prefix is a boundary too; "4012.5" is another token.
std::string replace_id(const std::string& text, const std::string& id, const std::string& with) {
  if (id.empty()) return text;
  constexpr std::string_view kPrefix = "agent.";
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find(id); at != std::string::npos; at = text.find(id, at + 1)) {
    const std::size_t end = at + id.size();
    const bool after_ok = end == text.size() || !is_id_char(text[end]);
    const bool before_ok =
        at == 0 || !is_id_char(text[at - 1]) ||
        (at >= kPrefix.size() && text.compare(at - kPrefix.size(), kPrefix.size(), kPrefix) == 0 &&
         (at == kPrefix.size() || !is_id_char(text[at - kPrefix.size() - 1])));
    if (!before_ok || !after_ok || at < from) continue;
    out.append(text, from, at - from);
    out += with;
    from = end;
  }
  out.append(text, from, std::string::npos);
  return out;
}

nlohmann::json map_array(const nlohmann::json& items,
                         nlohmann::json (Pseudonymiser::*one)(nlohmann::json) const,
                         const Pseudonymiser& self) {
  if (!items.is_array()) return items;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items) out.push_back((self.*one)(item));
  return out;
}

}  // namespace

Pseudonymiser::Pseudonymiser(PseudonymFunction function) : function_(std::move(function)) {
  if (!function_) {
    throw std::invalid_argument(
        "Pseudonymiser: a pseudonym function is required (the app derives it from the "
        "evidence pseudonym key)");
  }
}

nlohmann::json Pseudonymiser::alert(nlohmann::json alert) const {
  if (!alert.is_object()) return alert;
  const auto subject = alert.find("subject");
  if (subject == alert.end() || !subject->is_object()) return alert;
  const auto agent = subject->find("agent");
  if (agent == subject->end() || !agent->is_string()) return alert;
  const std::string id = agent->get<std::string>();
  const std::string alias = function_(id);
  *agent = alias;
  if (auto s = alert.find("summary"); s != alert.end() && s->is_string()) {
    *s = replace_id(s->get<std::string>(), id, alias);
  }
  if (auto a = alert.find("id"); a != alert.end() && a->is_string()) {
    *a = function_(a->get<std::string>());
  }
  return alert;
}

nlohmann::json Pseudonymiser::agent(nlohmann::json agent) const {
  if (agent.is_string()) return function_(agent.get<std::string>());
  if (!agent.is_object()) return agent;
  agent.erase("name");
  if (auto a = agent.find("agent"); a != agent.end() && a->is_string()) {
    *a = function_(a->get<std::string>());
  }
  if (auto alerts = agent.find("alerts"); alerts != agent.end() && alerts->is_array()) {
    for (auto& item : *alerts) {
      if (!item.is_object()) continue;
      if (auto id = item.find("id"); id != item.end() && id->is_string()) {
        *id = function_(id->get<std::string>());
      }
    }
  }
  return agent;
}

nlohmann::json Pseudonymiser::message(nlohmann::json message) const {
  if (!message.is_object()) return message;
  if (auto a = message.find("agent"); a != message.end()) *a = agent(std::move(*a));
  if (auto a = message.find("alert"); a != message.end()) *a = alert(std::move(*a));
  if (auto a = message.find("agents"); a != message.end()) {
    *a = map_array(*a, &Pseudonymiser::agent, *this);
  }
  if (auto a = message.find("alerts"); a != message.end()) {
    *a = map_array(*a, &Pseudonymiser::alert, *this);
  }
  return message;
}

}  // namespace vigie::api
