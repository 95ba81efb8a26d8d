// Auditors see agents only by pseudonym (contract.md sec. 6). This is the one place that
// rewrites what the API sends them: alert objects, agent entries and live messages.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "config/config.hpp"

namespace vigie::api {

// A keyed one-way function of an agent identifier (e.g. HMAC with the evidence pseudonym key),
// the same for the life of the key, so audit packs and the API agree. It is applied to agent
// identifiers and to the ids of agent alerts, which are an unkeyed hash of the agent id and
// would otherwise let anyone holding the list of logins find who an alert is about.
using PseudonymFunction = std::function<std::string(const std::string& value)>;

class Pseudonymiser {
 public:
  // Throws std::invalid_argument when FUNCTION is empty: there is no safe default.
  explicit Pseudonymiser(PseudonymFunction function);

  // True when a principal with ROLE must see pseudonyms (auditors; admin sees all).
  static bool applies_to(Role role) { return role == Role::auditor; }

  std::string pseudonym(const std::string& agent) const { return function_(agent); }

  // An alert object with subject.agent, the agent's id inside "summary", and the alert id
  // replaced; alerts about teams, zones, nodes or the site are returned as they are.
  nlohmann::json alert(nlohmann::json alert) const;

  // An AGENT entry (floor_service.hpp): "agent" replaced, "name" removed, its open alerts'
  // ids replaced.
  nlohmann::json agent(nlohmann::json agent) const;

  // A live message of any type (floor_service.hpp), snapshots included.
  nlohmann::json message(nlohmann::json message) const;

 private:
  PseudonymFunction function_;
};

}  // namespace vigie::api
