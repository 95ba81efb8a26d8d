#include "notify/webhook.hpp"

#include <chrono>
#include <iostream>

#include "domain/iso_time.hpp"

namespace vigie::notify {
namespace {

using nlohmann::json;

}  // namespace

json alertmanager_body(const json& a) {
  const auto text = [&](const char* key) {
    const auto it = a.find(key);
    return it != a.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::string subject;
  if (const auto s = a.find("subject"); s != a.end() && s->is_object())
    for (const auto& [kind, id] : s->items())
      if (id.is_string()) subject = kind + "." + id.get<std::string>();
  const std::string criterion = text("criterion"), site = text("site");
  const bool resolved = text("state") == "resolved";
  const auto resolved_at = a.find("resolved_at");
  json alert{{"status", resolved ? "resolved" : "firing"},
             {"labels",
              {{"alertname", criterion},
               {"criterion", criterion},
               {"severity", text("severity")},
               {"site", site},
               {"subject", subject},
               {"state", text("state")}}},
             {"annotations",
              {{"summary", text("summary")},
               {"referentiel", text("referentiel") + " " + text("version")}}},
             {"startsAt", iso_utc(a.value("started_at", TimestampMs{0}))},
             {"endsAt", resolved && resolved_at != a.end() && resolved_at->is_number_integer()
                            ? iso_utc(resolved_at->get<TimestampMs>())
                            : "0001-01-01T00:00:00Z"},
             {"generatorURL", ""},
             {"fingerprint", text("id")}};
  return {{"version", "4"},
          {"groupKey", "vigie/" + site + "/" + criterion},
          {"status", resolved ? "resolved" : "firing"},
          {"receiver", "vigie"},
          {"groupLabels", {{"criterion", criterion}}},
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
