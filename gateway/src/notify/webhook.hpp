// Alert transitions as Alertmanager-compatible webhook calls (version 4
// bodies: status, labels, annotations, startsAt/endsAt, fingerprint), POSTed
// over plain HTTP from a thread of their own so the engine never waits on a
// receiver. A bounded queue: when a receiver is down for long, the oldest
// calls are dropped and counted (the alerts themselves stay in the store and
// on MQTT). Three attempts per call, 5 s timeouts.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "engine/transition.hpp"
#include "notify/http_post.hpp"

namespace vigie::notify {

// The webhook body for one transition, from the alert object of the contract once it
// went through the pseudonymiser (api::Pseudonymiser::alert): agents by pseudonym.
nlohmann::json alertmanager_body(const nlohmann::json& pseudonymous_alert);

class Webhook {
 public:
  // TLS: needed for an https:// target (client_tls_context).
  Webhook(HttpTarget target, std::shared_ptr<boost::asio::ssl::context> tls,
          std::size_t capacity = 1000);
  ~Webhook();
  Webhook(const Webhook&) = delete;
  Webhook& operator=(const Webhook&) = delete;

  void post(nlohmann::json body);
  std::uint64_t delivered() const { return delivered_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t failed() const { return failed_; }
  std::size_t queued() const {
    std::lock_guard lock(mu_);
    return queue_.size();
  }

 private:
  void run();
  bool send(const std::string& body);

  HttpTarget target_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> delivered_{0}, dropped_{0}, failed_{0};
  std::thread worker_;
};

}  // namespace vigie::notify
