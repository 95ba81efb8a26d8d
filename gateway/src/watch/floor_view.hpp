// The floor as the HTTP API sees it (api::FloorService), read from the engine
// (under its lock, FloorWatch::with_engine) and the store (a connection of its
// own, DB, that reads without waiting for writers). Called from HTTP threads.
#pragma once

#include <mutex>

#include "api/floor_service.hpp"
#include "store/alert_repository.hpp"
#include "store/database.hpp"
#include "watch/floor_watch.hpp"

namespace vigie::watch {

class FloorView final : public api::FloorService {
 public:
  FloorView(watch::FloorWatch& watch, store::Database& db) : watch_(watch), db_(db), alerts_(db) {}

  std::vector<nlohmann::json> alerts(const api::AlertQuery& query) const override;
  std::optional<nlohmann::json> acknowledge(const std::string& id, const std::string& by,
                                            api::EpochMs at, const std::string& note) override;
  std::optional<nlohmann::json> justify(const std::string& id, const std::string& by,
                                        api::EpochMs at, const std::string& reason,
                                        const std::string& note) override;
  nlohmann::json compliance(api::EpochMs from, api::EpochMs to) const override;
  nlohmann::json agents() const override;
  nlohmann::json nodes() const override;
  nlohmann::json agent_day(const std::string& agent, const std::string& date) const override;

  // One agent's entry of agents(), or null if the engine does not know it.
  nlohmann::json agent_entry(const std::string& id) const;

  // Counted from the engine's agents, without building their entries.
  nlohmann::json teams() const override;
  // agents() with only each agent's team and state, and the teams: what /metrics
  // counts, without building every agent's entry.
  //   {"agents":[{"team":T,"state":S}...], "teams":[TEAM...]}
  nlohmann::json agent_states() const;

 private:
  std::optional<nlohmann::json> act_on_stored(const std::string& id, const std::string& change,
                                              api::EpochMs at, nlohmann::json record);
  nlohmann::json agent_entry(const engine::Engine& e, const std::string& id) const;
  // ALERTS: the agent's live alerts, in any order.
  nlohmann::json agent_entry(const engine::Engine& e, const std::string& id,
                             std::vector<engine::Alert> alerts) const;
  watch::FloorWatch& watch_;
  store::Database& db_;
  mutable store::AlertRepository alerts_;
  mutable std::mutex db_mu_;  // one statement at a time on db_ from several HTTP threads
};

}  // namespace vigie::watch
