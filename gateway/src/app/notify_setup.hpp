// The HTTP(S) notifiers of notify: (config) wired to the engine's transitions: the
// webhook (each transition) and Alertmanager (the active alerts, pushed and re-sent),
// agents by pseudonym through the gateway's one pseudonymiser, and only once the
// governance gate allows per-agent monitoring (before that, no agent's alert leaves).
#pragma once

#include <memory>
#include <string>

#include "api/pseudonymiser.hpp"
#include "config/config.hpp"
#include "notify/alertmanager_notifier.hpp"
#include "notify/webhook.hpp"
#include "watch/floor_watch.hpp"

namespace vigie::app {

class Notifiers {
 public:
  // Starts what CONFIG asks for and observes WATCH's transitions; the alerts WATCH
  // holds active now (after its rebuild) are pushed to Alertmanager at once. Before
  // the engine's thread and the broker link start. Throws std::runtime_error (CA file).
  Notifiers(const Config& config, watch::FloorWatch& watch, const api::Pseudonymiser& pseudonyms);
  // Whether ALERT may leave: not about an agent while governance is incomplete.
  bool may_send(const engine::Alert& alert) const;
  // The notifiers' counters, for /metrics.
  std::string prometheus_text() const;

 private:
  nlohmann::json pseudonymous(const engine::Alert& alert) const;
  void push(const engine::Alert& alert, TimestampMs at);

  const api::Pseudonymiser& pseudonyms_;
  const bool per_agent_;  // governance complete
  const referentiel::ActiveReferentiel& referentiel_;
  std::string dashboard_url_;
  std::unique_ptr<notify::Webhook> webhook_;
  std::unique_ptr<notify::AlertmanagerNotifier> alertmanager_;
};

// The dashboard's base URL: notify.dashboard_url, else http.listen (this machine's
// host name when it listens on every address).
std::string dashboard_url(const Config& config);

}  // namespace vigie::app
