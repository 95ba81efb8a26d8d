// How an agent's ACD state counts in working time (contract sec. 3.2). A site
// may change it, so it is data of the referentiel, not a rule of the engine.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "domain/event.hpp"

namespace vigie::referentiel {

enum class Activity { work, pause, off };

const char* to_string(Activity a);
std::optional<Activity> parse_activity(std::string_view s);

class StateMapping {
 public:
  // The contract's default: the ACD states and the reasons training, coaching,
  // meeting, back_office, technical, other are work; break, lunch, personal,
  // recovery are pause; logged_out is off.
  static StateMapping contract_default();

  // A not_ready without a reason counts as `other` (contract sec. 3.2).
  Activity classify(AgentState state, std::optional<NotReadyReason> reason) const;

  // For every state but not_ready, whose class comes from its reason.
  void set(AgentState state, Activity a) { states_[static_cast<std::size_t>(state)] = a; }
  void set(NotReadyReason reason, Activity a) { reasons_[static_cast<std::size_t>(reason)] = a; }

  bool operator==(const StateMapping&) const = default;

 private:
  std::array<Activity, 6> states_{};
  std::array<Activity, 10> reasons_{};
};

}  // namespace vigie::referentiel
