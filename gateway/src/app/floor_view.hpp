// The floor as the HTTP API sees it (api::FloorService), read from the engine
// and the store. Runs on the gateway's io thread, like the engine itself.
#pragma once

#include "api/floor_service.hpp"
#include "store/database.hpp"
#include "watch/floor_watch.hpp"

namespace vigie::app {

class FloorView final : public api::FloorService {
 public:
  FloorView(watch::FloorWatch& watch, store::Database& db) : watch_(watch), db_(db) {}

  std::vector<nlohmann::json> alerts(const api::AlertQuery& query) const override;
  std::optional<nlohmann::json> acknowledge(const std::string& id, const std::string& by,
                                            api::EpochMs at, const std::string& note) override;
  std::optional<nlohmann::json> justify(const std::string& id, const std::string& by,
                                        api::EpochMs at, const std::string& reason,
                                        const std::string& note) override;
  nlohmann::json compliance(api::EpochMs from, api::EpochMs to) const override;
  nlohmann::json agents() const override;
  nlohmann::json nodes() const override;

  // One agent's entry of agents(), or null if the engine does not know it.
  nlohmann::json agent_entry(const std::string& id) const;

 private:
  std::optional<nlohmann::json> act_on_stored(const std::string& id, const std::string& change,
                                              api::EpochMs at, nlohmann::json record);
  watch::FloorWatch& watch_;
  store::Database& db_;
};

}  // namespace vigie::app
