#include "api/auth_throttle.hpp"

#include <algorithm>
#include <iterator>

#include "api/json_response.hpp"

namespace vigie::api {

using std::chrono::steady_clock;

AuthThrottle::AuthThrottle(AuthThrottleOptions options, Clock now)
    : options_(options), now_(std::move(now)) {
  options_.max_failures = std::max<std::size_t>(options_.max_failures, 1);
  options_.max_clients = std::max<std::size_t>(options_.max_clients, 1);
}

AuthThrottle::Entry* AuthThrottle::touch(std::string_view client, bool create) {
  const std::string key(client);
  auto found = by_client_.find(key);
  if (found != by_client_.end()) {
    recency_.splice(recency_.end(), recency_, found->second);
    return &*found->second;
  }
  if (!create) return nullptr;
  if (by_client_.size() >= options_.max_clients) {
    by_client_.erase(recency_.front().client);
    recency_.pop_front();
  }
  recency_.push_back({key, 0, {}, {}});
  by_client_.emplace(key, std::prev(recency_.end()));
  return &recency_.back();
}

std::optional<std::chrono::seconds> AuthThrottle::retry_after(std::string_view client) {
  const auto now = now_();
  const std::lock_guard lock(mutex_);
  const Entry* e = touch(client, false);
  if (e == nullptr || e->locked_until <= now) return std::nullopt;
  // Rounded up: "Retry-After: 0" would invite an immediate retry that is still refused.
  const auto left = std::chrono::ceil<std::chrono::seconds>(e->locked_until - now);
  return std::max(left, std::chrono::seconds(1));
}

void AuthThrottle::record_failure(std::string_view client) {
  const auto now = now_();
  const std::lock_guard lock(mutex_);
  failures_ += 1;
  Entry* e = touch(client, true);
  if (e->failures == 0 || now - e->window_start >= options_.window) {
    e->failures = 0;
    e->window_start = now;
  }
  e->failures += 1;
  if (e->failures >= options_.max_failures) {
    e->locked_until = now + options_.lockout;
    e->failures = 0;  // after the lock-out, a fresh allowance
  }
}

AccessDecision AuthThrottle::guard(std::string_view client,
                                   const std::function<AccessDecision()>& check) {
  if (const auto wait = retry_after(client)) {
    {
      const std::lock_guard lock(mutex_);
      throttled_ += 1;
    }
    return {std::nullopt, too_many_failures(*wait)};
  }
  AccessDecision decision = check();
  if (decision.credential_rejected) record_failure(client);
  return decision;
}

std::uint64_t AuthThrottle::failures() const {
  const std::lock_guard lock(mutex_);
  return failures_;
}

std::uint64_t AuthThrottle::throttled() const {
  const std::lock_guard lock(mutex_);
  return throttled_;
}

std::size_t AuthThrottle::tracked() const {
  const std::lock_guard lock(mutex_);
  return by_client_.size();
}

std::string AuthThrottle::prometheus_text() const {
  const std::lock_guard lock(mutex_);
  return "# HELP vigie_http_auth_failures_total API requests refused for a wrong or malformed "
         "token.\n"
         "# TYPE vigie_http_auth_failures_total counter\n"
         "vigie_http_auth_failures_total " +
         std::to_string(failures_) +
         "\n"
         "# HELP vigie_http_auth_throttled_total API requests refused with 429 because their "
         "address failed authentication too often.\n"
         "# TYPE vigie_http_auth_throttled_total counter\n"
         "vigie_http_auth_throttled_total " +
         std::to_string(throttled_) + "\n";
}

Response too_many_failures(std::chrono::seconds retry_after) {
  Response res = error_response(http::status::too_many_requests, "too_many_failed_authentications",
                                "too many failed authentications from this address; try again in " +
                                    std::to_string(retry_after.count()) + " s");
  res.set(http::field::retry_after, std::to_string(retry_after.count()));
  return res;
}

}  // namespace vigie::api
