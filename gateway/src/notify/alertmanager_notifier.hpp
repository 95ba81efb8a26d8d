// Pushes the gateway's active alerts to one or more Alertmanagers (API v2,
// POST /api/v2/alerts) as Prometheus does: every active alert again each
// `resend` with endsAt `4 x resend` ahead (so an Alertmanager that stops hearing
// from the gateway resolves them by itself), and a resolved alert once with endsAt
// its resolve time. Each Alertmanager is sent the same set, independently.
//
// Its own thread does all network work: update() only takes a short lock, so the
// engine never waits for an Alertmanager. Bounded: at most CAPACITY alerts held
// (active and resolved-not-yet-delivered); past it the oldest resolved, then the
// oldest active are dropped and counted. A failed POST is counted and tried again,
// 1 s doubling up to `resend`, with the set as it then stands.
#pragma once

#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "domain/event.hpp"
#include "notify/http_post.hpp"

namespace vigie::notify {

struct AlertmanagerOptions {
  std::vector<HttpTarget> targets;  // base URLs; /api/v2/alerts is appended
  std::chrono::milliseconds resend = std::chrono::minutes(1);
  std::size_t capacity = 10000;
  std::shared_ptr<boost::asio::ssl::context> tls;  // needed for https:// targets
  // Wall clock (ms since the epoch) for endsAt of active alerts.
  std::function<TimestampMs()> now;
};

class AlertmanagerNotifier {
 public:
  explicit AlertmanagerNotifier(AlertmanagerOptions options);
  ~AlertmanagerNotifier();
  AlertmanagerNotifier(const AlertmanagerNotifier&) = delete;
  AlertmanagerNotifier& operator=(const AlertmanagerNotifier&) = delete;

  // KEY names the alert (its id); AM_ALERT is alertmanager_alert()'s object.
  // ACTIVE: pushed until told otherwise. Not active: if it was pushed, sent once
  // more with endsAt = ENDED_AT (ms), then forgotten; if it never was, ignored.
  void update(const std::string& key, nlohmann::json am_alert, bool active, TimestampMs ended_at);

  std::uint64_t sent() const { return sent_; }          // POSTs an Alertmanager accepted
  std::uint64_t failures() const { return failures_; }  // POSTs that failed (tried again)
  std::uint64_t dropped() const { return dropped_; }    // alerts dropped at capacity
  std::size_t held() const;                             // alerts held now

 private:
  struct Held {
    nlohmann::json alert;
    bool active = true;
    std::uint64_t order = 0;               // arrival, for dropping the oldest
    std::vector<bool> delivered_resolved;  // per target, once resolved
  };
  struct TargetState {
    HttpTarget target;
    std::chrono::steady_clock::time_point next;  // when to send again
    std::chrono::milliseconds backoff{0};
    bool dirty = true;  // something changed since its last delivery
  };
  void run();
  void enforce_capacity();
  std::string body_for(std::size_t target, std::vector<std::string>& resolved_in_body) const;

  AlertmanagerOptions options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::map<std::string, Held> held_;
  std::vector<TargetState> targets_;
  std::uint64_t order_ = 0;
  bool stopping_ = false;
  std::atomic<std::uint64_t> sent_{0}, failures_{0}, dropped_{0};
  std::thread worker_;
};

}  // namespace vigie::notify
