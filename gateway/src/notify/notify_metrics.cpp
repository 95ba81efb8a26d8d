#include "notify/notify_metrics.hpp"

#include <sstream>

namespace vigie::notify {

std::string notify_prometheus_text(const std::vector<NotifierCounts>& notifiers) {
  std::ostringstream o;
  auto family = [&](const char* name, const char* type, const char* help, auto value) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
    for (const auto& n : notifiers)
      o << name << "{notifier=\"" << n.notifier << "\"} " << value(n) << '\n';
  };
  family("vigie_notify_sent_total", "counter",
         "Deliveries a receiver accepted (an Alertmanager POST, a webhook call).",
         [](const NotifierCounts& n) { return n.sent; });
  family("vigie_notify_failures_total", "counter",
         "Deliveries that failed: Alertmanager POSTs (tried again), webhook calls given up.",
         [](const NotifierCounts& n) { return n.failures; });
  family("vigie_notify_dropped_total", "counter",
         "Alerts or calls dropped because the notifier's bounded queue was full.",
         [](const NotifierCounts& n) { return n.dropped; });
  family("vigie_notify_queued", "gauge",
         "Alerts or calls the notifier holds now (Alertmanager: active alerts and resolved "
         "ones not yet delivered).",
         [](const NotifierCounts& n) { return n.held; });
  return o.str();
}

}  // namespace vigie::notify
