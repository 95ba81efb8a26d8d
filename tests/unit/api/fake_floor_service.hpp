// A FloorService whose floor the test sets, and which records what the API asked of it.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/floor_service.hpp"

namespace vigie::api::test {

// An alert object of contract sec. 5 about agent AGENT.
inline nlohmann::json agent_alert(const std::string& id, const std::string& agent,
                                  const std::string& criterion = "BRK-01") {
  return {{"id", id},
          {"criterion", criterion},
          {"referentiel", "vigie-fr-default"},
          {"version", "2026.1"},
          {"severity", "critical"},
          {"site", "paris-1"},
          {"subject", {{"agent", agent}}},
          {"state", "firing"},
          {"value", 372.0},
          {"threshold", 360.0},
          {"started_at", 1000},
          {"due_at", 2000},
          {"fired_at", 3000},
          {"resolved_at", nullptr},
          {"acked", nullptr},
          {"justified", nullptr},
          {"summary", "agent." + agent +
                          ": A pause of at least 20 minutes - firing (372.0 min, "
                          "threshold 360.0 min)"}};
}

inline nlohmann::json agent_entry(const std::string& agent, const std::string& team,
                                  const std::string& state = "talking") {
  return {{"agent", agent},
          {"team", team},
          {"name", "Name of " + agent},
          {"state", state},
          {"reason", nullptr},
          {"activity", "work"},
          {"since", 1000},
          {"as_of", 2000},
          {"work_minutes_today", 312.5},
          {"pause_minutes_today", 25.0},
          {"last_real_pause_end", 500},
          {"occupancy", 0.8},
          {"alerts",
           {{{"id", "a-" + agent},
             {"criterion", "BRK-01"},
             {"severity", "critical"},
             {"state", "due"},
             {"due_at", 4000}}}}};
}

class FakeFloorService : public FloorService {
 public:
  std::vector<nlohmann::json> alerts(const AlertQuery& query) const override {
    const std::lock_guard lock(mutex_);
    last_query = query;
    return alerts_;
  }

  std::optional<nlohmann::json> acknowledge(const std::string& id, const std::string& by,
                                            EpochMs at, const std::string& note) override {
    const std::lock_guard lock(mutex_);
    for (auto& a : alerts_) {
      if (a["id"] != id) continue;
      a["acked"] = {{"by", by}, {"at", at}, {"note", note}};
      return a;
    }
    return std::nullopt;
  }

  std::optional<nlohmann::json> justify(const std::string& id, const std::string& by, EpochMs at,
                                        const std::string& reason,
                                        const std::string& note) override {
    const std::lock_guard lock(mutex_);
    for (auto& a : alerts_) {
      if (a["id"] != id) continue;
      a["justified"] = {{"by", by}, {"at", at}, {"reason", reason}, {"note", note}};
      return a;
    }
    return std::nullopt;
  }

  nlohmann::json compliance(EpochMs from, EpochMs to) const override {
    const std::lock_guard lock(mutex_);
    last_compliance = {from, to};
    return {{"from", from},
            {"to", to},
            {"criteria",
             {{{"criterion", "BRK-01"},
               {"title", "A pause of at least 20 minutes"},
               {"severity", "critical"},
               {"subjects_checked", 40},
               {"breaches", 2},
               {"justified", 1},
               {"compliance_rate", 0.975}}}}};
  }

  nlohmann::json agents() const override {
    const std::lock_guard lock(mutex_);
    ++agents_calls;
    return {{"at", 5000}, {"agents", agents_}, {"teams", teams_}};
  }

  nlohmann::json nodes() const override {
    const std::lock_guard lock(mutex_);
    return nodes_;
  }

  void set_alerts(std::vector<nlohmann::json> alerts) {
    const std::lock_guard lock(mutex_);
    alerts_ = std::move(alerts);
  }
  void set_agents(nlohmann::json agents, nlohmann::json teams = nlohmann::json::array()) {
    const std::lock_guard lock(mutex_);
    agents_ = std::move(agents);
    teams_ = std::move(teams);
  }
  void set_nodes(nlohmann::json nodes) {
    const std::lock_guard lock(mutex_);
    nodes_ = std::move(nodes);
  }

  // What the API last asked; read after the request is answered.
  mutable std::optional<AlertQuery> last_query;
  mutable std::optional<std::pair<EpochMs, EpochMs>> last_compliance;
  mutable int agents_calls = 0;

 private:
  mutable std::mutex mutex_;
  std::vector<nlohmann::json> alerts_;
  nlohmann::json agents_ = nlohmann::json::array();
  nlohmann::json teams_ = nlohmann::json::array();
  nlohmann::json nodes_ = nlohmann::json::array();
};

}  // namespace vigie::api::test
