// The floor while per-agent monitoring is off (governance incomplete): team
// aggregates only. Wraps the real floor; agents() keeps the teams and lists no
// agent, alerts() drops agent-scoped alerts (older ones still in the store),
// and the live snapshot read through it carries no agent either.
#pragma once

#include "api/floor_service.hpp"
#include "api/gateway_status.hpp"

namespace vigie::api {

class TeamOnlyFloor final : public FloorService {
 public:
  // INNER must outlive this object.
  TeamOnlyFloor(FloorService& inner, GovernanceStatus governance)
      : inner_(inner), governance_(std::move(governance)) {}

  std::vector<nlohmann::json> alerts(const AlertQuery& query) const override;
  std::optional<nlohmann::json> acknowledge(const std::string& id, const std::string& by,
                                            EpochMs at, const std::string& note) override;
  std::optional<nlohmann::json> justify(const std::string& id, const std::string& by, EpochMs at,
                                        const std::string& reason,
                                        const std::string& note) override;
  nlohmann::json compliance(EpochMs from, EpochMs to) const override {
    return inner_.compliance(from, to);
  }
  // {"at", "agents":[], "teams":[...], "per_agent":false,
  //  "governance":{"complete":false, "missing":[...]}}
  nlohmann::json agents() const override;
  nlohmann::json teams() const override { return inner_.teams(); }
  nlohmann::json nodes() const override { return inner_.nodes(); }

  // Whether ALERT (contract sec. 5) is about one agent.
  static bool about_an_agent(const nlohmann::json& alert);

 private:
  bool visible(const std::string& id) const;

  FloorService& inner_;
  GovernanceStatus governance_;
};

}  // namespace vigie::api
