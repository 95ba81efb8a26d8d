// An alert of the contract (sec. 5) as Alertmanager's API v2 takes it (a
// postableAlert, as Prometheus sends): labels that route and group it, French
// annotations for people, a link to the dashboard. Built from the alert object
// once it went through the pseudonymiser (api::Pseudonymiser::alert): an agent
// appears only by pseudonym, and this file never sees a raw agent id.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace vigie::notify {

// True for the states Alertmanager is told about while they last: firing, nodata (the
// breach stands, its data went missing). due and pending are forecasts, not pushed.
bool pushed_to_alertmanager(const std::string& state);

// The alert's summary in French: "ENV-03 (Acoustic shock), agent p-3f2a… : déclenchée".
std::string french_summary(const nlohmann::json& alert);

// labels (alertname, criterion, severity, site, and one of agent/team/zone/node),
// annotations (summary in French, the engine's own summary as description, the alert
// id, the dashboard link), startsAt and generatorURL. endsAt is the notifier's.
// DASHBOARD_URL: the dashboard's base URL ("https://vigie.example:8443/").
nlohmann::json alertmanager_alert(const nlohmann::json& alert, const std::string& dashboard_url);

}  // namespace vigie::notify
