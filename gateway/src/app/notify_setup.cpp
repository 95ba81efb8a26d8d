#include "app/notify_setup.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "domain/wall_now.hpp"
#include "engine/alert_json.hpp"
#include "notify/alertmanager_alert.hpp"
#include "notify/notify_metrics.hpp"

namespace vigie::app {

std::string dashboard_url(const Config& config) {
  if (config.notify.dashboard_url) return *config.notify.dashboard_url;
  std::string host = config.http.host;
  if (host == "0.0.0.0" || host == "::" || host.empty()) {
    char name[256] = {};
    host = ::gethostname(name, sizeof name - 1) == 0 && name[0] ? name : "localhost";
  }
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(config.http.tls ? "https://" : "http://") + host + ":" +
         std::to_string(config.http.port) + "/";
}

Notifiers::Notifiers(const Config& config, watch::FloorWatch& watch,
                     const api::Pseudonymiser& pseudonyms)
    : pseudonyms_(pseudonyms),
      per_agent_(config.governance.complete()),
      referentiel_(watch.engine().active_referentiel()),
      dashboard_url_(dashboard_url(config)) {
  const auto& n = config.notify;
  std::shared_ptr<boost::asio::ssl::context> tls;
  auto target = [&](const std::string& url) {
    auto t = notify::HttpTarget::parse(url);
    if (!t) throw std::runtime_error("notify: not an http[s]:// URL: " + url);  // config checked
    if (t->tls && !tls) tls = notify::client_tls_context(n.ca_file);
    return *t;
  };
  if (n.webhook_url) {
    auto t = target(*n.webhook_url);
    webhook_ = std::make_unique<notify::Webhook>(t, tls);
    watch.add_observer([this](const engine::AlertTransition& tr) {
      if (tr.change != engine::Change::state || !may_send(tr.alert)) return;
      webhook_->post(notify::alertmanager_body(pseudonymous(tr.alert)));
    });
  }
  if (!n.alertmanager.empty()) {
    notify::AlertmanagerOptions options;
    for (const auto& url : n.alertmanager) options.targets.push_back(target(url));
    options.resend = n.resend_every;
    options.tls = tls;
    options.now = wall_now;
    alertmanager_ = std::make_unique<notify::AlertmanagerNotifier>(std::move(options));
    const auto active =
        watch.with_engine([](const engine::Engine& e) { return e.active_alerts(); });
    for (const auto& a : active)
      if (may_send(a)) push(a, a.updated_at);
    watch.add_observer([this](const engine::AlertTransition& tr) {
      if (tr.change == engine::Change::state && may_send(tr.alert)) push(tr.alert, tr.at);
    });
  }
}

bool Notifiers::may_send(const engine::Alert& alert) const {
  return per_agent_ || alert.subject.kind != referentiel::Scope::agent;
}

nlohmann::json Notifiers::pseudonymous(const engine::Alert& alert) const {
  // Only what went through the pseudonymiser leaves the gateway.
  return pseudonyms_.alert(engine::alert_object(alert));
}

void Notifiers::push(const engine::Alert& alert, TimestampMs at) {
  auto object = pseudonymous(alert);
  if (const auto* c = referentiel_.find(alert.criterion)) object["title"] = c->title;
  const auto state = object.value("state", std::string());
  const auto key = object.value("id", std::string());
  alertmanager_->update(key, notify::alertmanager_alert(object, dashboard_url_),
                        notify::pushed_to_alertmanager(state), alert.resolved_at.value_or(at));
}

std::string Notifiers::prometheus_text() const {
  std::vector<notify::NotifierCounts> counts;
  if (alertmanager_)
    counts.push_back({"alertmanager", alertmanager_->sent(), alertmanager_->failures(),
                      alertmanager_->dropped(), alertmanager_->held()});
  if (webhook_)
    counts.push_back({"webhook", webhook_->delivered(), webhook_->failed(), webhook_->dropped(),
                      webhook_->queued()});
  return notify::notify_prometheus_text(counts);
}

}  // namespace vigie::app
