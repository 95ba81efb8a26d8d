// A FloorService over a made-up floor of N agents in T teams, for the browser benchmark and
// for checking the dashboard against the real API layer before the engine is wired in. Not a
// model of working time: figures move in the simplest way that keeps every field filled.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/floor_service.hpp"

namespace vigie::bench {

class SyntheticFloor : public api::FloorService {
 public:
  SyntheticFloor(int agents, int teams, api::EpochMs now);

  std::vector<nlohmann::json> alerts(const api::AlertQuery& query) const override;
  std::optional<nlohmann::json> acknowledge(const std::string& id, const std::string& by,
                                            api::EpochMs at, const std::string& note) override;
  std::optional<nlohmann::json> justify(const std::string& id, const std::string& by,
                                        api::EpochMs at, const std::string& reason,
                                        const std::string& note) override;
  nlohmann::json compliance(api::EpochMs from, api::EpochMs to) const override;
  nlohmann::json agents() const override;
  nlohmann::json nodes() const override;

  // Moves AGENT to STATE (REASON for not_ready) at AT; returns the live messages to publish
  // (the agent, its team), or nothing if there is no such agent.
  std::vector<nlohmann::json> set_state(const std::string& agent, const std::string& state,
                                        const std::string& reason, api::EpochMs at);
  // Opens or moves an alert of CRITERION on AGENT; returns the {"type":"alert"} message.
  std::optional<nlohmann::json> raise(const std::string& agent, const std::string& criterion,
                                      const std::string& state, api::EpochMs at);

  std::vector<std::string> agent_ids() const;

 private:
  struct Agent {
    std::string id, team, state = "available", reason;
    api::EpochMs since = 0, as_of = 0;
    double work_min = 0, pause_min = 0;
    std::optional<api::EpochMs> last_real_pause_end;
  };
  static std::string activity(const Agent& a);
  void advance(Agent& a, api::EpochMs at);
  nlohmann::json agent_json(const Agent& a) const;
  nlohmann::json team_json(const std::string& team) const;

  mutable std::mutex mutex_;
  std::map<std::string, Agent> agents_;
  std::map<std::string, nlohmann::json> alerts_;  // by id
  std::vector<std::string> teams_;
  api::EpochMs started_;
};

}  // namespace vigie::bench
