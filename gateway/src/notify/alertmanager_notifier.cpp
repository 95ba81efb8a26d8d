#include "notify/alertmanager_notifier.hpp"

#include <algorithm>
#include <iostream>

#include "domain/iso_time.hpp"

namespace vigie::notify {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kFirstRetry{1000};

}  // namespace

AlertmanagerNotifier::AlertmanagerNotifier(AlertmanagerOptions options)
    : options_(std::move(options)) {
  for (const auto& t : options_.targets)
    targets_.push_back({t.with_path_suffix("/api/v2/alerts"), Clock::now(), {}, true});
  worker_ = std::thread([this] { run(); });
}

AlertmanagerNotifier::~AlertmanagerNotifier() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

std::size_t AlertmanagerNotifier::held() const {
  std::lock_guard lock(mu_);
  return held_.size();
}

void AlertmanagerNotifier::update(const std::string& key, json am_alert, bool active,
                                  TimestampMs ended_at) {
  {
    std::lock_guard lock(mu_);
    auto it = held_.find(key);
    if (!active) {
      if (it == held_.end()) return;  // never pushed: Alertmanager has nothing to resolve
      am_alert["endsAt"] = iso_utc(ended_at);
      it->second.alert = std::move(am_alert);
      it->second.active = false;
      it->second.delivered_resolved.assign(targets_.size(), false);
    } else if (it == held_.end()) {
      held_.emplace(key, Held{std::move(am_alert), true, ++order_, {}});
      enforce_capacity();
    } else {
      it->second.alert = std::move(am_alert);
      it->second.active = true;
      it->second.delivered_resolved.clear();
    }
    const auto now = Clock::now();
    for (auto& t : targets_) {
      t.dirty = true;
      // A failing Alertmanager keeps its back-off; the others hear of it now.
      if (t.backoff.count() == 0) t.next = std::min(t.next, now);
    }
  }
  wake_.notify_one();
}

void AlertmanagerNotifier::enforce_capacity() {
  while (held_.size() > options_.capacity) {
    auto victim = held_.end();
    for (auto it = held_.begin(); it != held_.end(); ++it) {
      const bool better =
          victim == held_.end() || (!it->second.active && victim->second.active) ||
          (it->second.active == victim->second.active && it->second.order < victim->second.order);
      if (better) victim = it;
    }
    held_.erase(victim);
    ++dropped_;
  }
}

std::string AlertmanagerNotifier::body_for(std::size_t target,
                                           std::vector<std::string>& resolved_in_body) const {
  // Active alerts end 4 resends ahead, as Prometheus does: an Alertmanager that no
  // longer hears from this gateway resolves them itself.
  const auto ends = iso_utc(options_.now() + 4 * options_.resend.count());
  json alerts = json::array();
  for (const auto& [key, h] : held_) {
    if (h.active) {
      json a = h.alert;
      a["endsAt"] = ends;
      alerts.push_back(std::move(a));
    } else if (!h.delivered_resolved[target]) {
      alerts.push_back(h.alert);
      resolved_in_body.push_back(key);
    }
  }
  return alerts.empty() ? std::string() : alerts.dump();
}

void AlertmanagerNotifier::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (stopping_) return;
    auto next = Clock::time_point::max();
    for (const auto& t : targets_) next = std::min(next, t.next);
    if (next > Clock::now()) {
      wake_.wait_until(lock, next);
      continue;
    }
    const auto now = Clock::now();
    for (std::size_t i = 0; i < targets_.size() && !stopping_; ++i) {
      if (targets_[i].next > now) continue;
      std::vector<std::string> resolved;
      const auto body = body_for(i, resolved);
      if (body.empty()) {
        targets_[i].dirty = false;
        targets_[i].next = Clock::now() + options_.resend;
        continue;
      }
      const auto target = targets_[i].target;
      targets_[i].dirty = false;  // an update during the POST sets it again
      lock.unlock();
      const auto result = post_json(target, body, options_.tls.get());
      lock.lock();
      auto& t = targets_[i];
      if (result.ok) {
        ++sent_;
        if (t.backoff.count() != 0)
          std::cerr << "vigie: alertmanager " << t.target.url() << ": reachable again" << std::endl;
        t.backoff = {};
        // Changed while we were sending: go again at once, else at the next resend.
        t.next = t.dirty ? Clock::now() : Clock::now() + options_.resend;
        for (const auto& key : resolved) {
          auto it = held_.find(key);
          if (it == held_.end() || it->second.active) continue;
          it->second.delivered_resolved[i] = true;
          if (std::all_of(it->second.delivered_resolved.begin(),
                          it->second.delivered_resolved.end(), [](bool d) { return d; }))
            held_.erase(it);
        }
      } else {
        ++failures_;
        std::cerr << "vigie: alertmanager " << t.target.url() << ": " << result.error
                  << " (tried again)" << std::endl;
        t.backoff = t.backoff.count() == 0 ? kFirstRetry : std::min(t.backoff * 2, options_.resend);
        t.next = Clock::now() + t.backoff;
      }
    }
  }
}

}  // namespace vigie::notify
