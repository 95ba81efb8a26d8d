#include "referentiel/state_mapping.hpp"

#include "domain/names.hpp"

namespace vigie::referentiel {

namespace {

constexpr const char* kActivities[] = {"work", "pause", "off"};
static_assert(names_every(kActivities, Activity::off));

}  // namespace

const char* to_string(Activity a) {
  return name_of(kActivities, a);
}

std::optional<Activity> parse_activity(std::string_view s) {
  return lookup<Activity>(kActivities, s);
}

StateMapping StateMapping::contract_default() {
  StateMapping m;
  m.set(AgentState::logged_out, Activity::off);
  m.set(AgentState::available, Activity::work);
  m.set(AgentState::talking, Activity::work);
  m.set(AgentState::hold, Activity::work);
  m.set(AgentState::wrap_up, Activity::work);
  m.set(AgentState::not_ready, Activity::work);  // unused: not_ready goes by reason
  for (auto r : {NotReadyReason::training, NotReadyReason::coaching, NotReadyReason::meeting,
                 NotReadyReason::back_office, NotReadyReason::technical, NotReadyReason::other})
    m.set(r, Activity::work);
  for (auto r : {NotReadyReason::break_, NotReadyReason::lunch, NotReadyReason::personal,
                 NotReadyReason::recovery})
    m.set(r, Activity::pause);
  return m;
}

Activity StateMapping::classify(AgentState state, std::optional<NotReadyReason> reason) const {
  if (state == AgentState::not_ready)
    return reasons_[static_cast<std::size_t>(reason.value_or(NotReadyReason::other))];
  return states_[static_cast<std::size_t>(state)];
}

}  // namespace vigie::referentiel
