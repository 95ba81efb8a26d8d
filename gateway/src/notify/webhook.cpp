#include "notify/webhook.hpp"

#include <chrono>
#include <iostream>

#include "domain/iso_time.hpp"

namespace vigie::notify {
namespace {

using nlohmann::json;

}  // namespace

json alertmanager_body(const engine::Alert& a, const std::string& site,
                       const std::function<std::string(const std::string&)>& pseudonym) {
  const bool agent = a.subject.kind == referentiel::Scope::agent;
  const std::string subject_id = agent ? pseudonym(a.subject.id) : a.subject.id;
  const std::string subject =
      std::string(referentiel::to_string(a.subject.kind)) + "." + subject_id;
  const bool resolved = a.state == engine::AlertState::resolved;
  // The summary names the subject: said again with the pseudonym.
  std::string summary = a.summary;
  if (agent) {
    const auto at = summary.find(a.subject.key());
    if (at != std::string::npos) summary.replace(at, a.subject.key().size(), subject);
  }
  json alert{
      {"status", resolved ? "resolved" : "firing"},
      {"labels",
       {{"alertname", a.criterion},
        {"criterion", a.criterion},
        {"severity", referentiel::to_string(a.severity)},
        {"site", site},
        {"subject", subject},
        {"state", engine::to_string(a.state)}}},
      {"annotations", {{"summary", summary}, {"referentiel", a.referentiel + " " + a.version}}},
      {"startsAt", iso_utc(a.started_at)},
      {"endsAt", resolved && a.resolved_at ? iso_utc(*a.resolved_at) : "0001-01-01T00:00:00Z"},
      {"generatorURL", ""},
      {"fingerprint", agent ? pseudonym(a.id) : a.id}};
  return {{"version", "4"},
          {"groupKey", "vigie/" + site + "/" + a.criterion},
          {"status", resolved ? "resolved" : "firing"},
          {"receiver", "vigie"},
          {"groupLabels", {{"criterion", a.criterion}}},
          {"commonLabels", alert["labels"]},
          {"commonAnnotations", alert["annotations"]},
          {"externalURL", ""},
          {"truncatedAlerts", 0},
          {"alerts", json::array({alert})}};
}

Webhook::Webhook(HttpTarget target, std::shared_ptr<boost::asio::ssl::context> tls,
                 std::size_t capacity)
    : target_(std::move(target)),
      tls_(std::move(tls)),
      capacity_(capacity),
      worker_([this] { run(); }) {}

Webhook::~Webhook() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void Webhook::post(json body) {
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= capacity_) {
      queue_.pop_front();
      ++dropped_;
    }
    queue_.push_back(body.dump());
  }
  wake_.notify_one();
}

void Webhook::run() {
  for (;;) {
    std::string body;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      body = std::move(queue_.front());
      queue_.pop_front();
    }
    bool ok = false;
    for (int attempt = 0; attempt < 3 && !ok; ++attempt) {
      ok = send(body);
      if (!ok) {
        std::unique_lock lock(mu_);
        if (wake_.wait_for(lock, std::chrono::milliseconds(500 << attempt),
                           [this] { return stopping_; }))
          break;
      }
    }
    ok ? ++delivered_ : ++failed_;
  }
}

bool Webhook::send(const std::string& body) {
  const auto r = post_json(target_, body, tls_.get());
  if (!r.ok) std::cerr << "vigie: webhook " << target_.url() << ": " << r.error << std::endl;
  return r.ok;
}

}  // namespace vigie::notify
