// Slows down token guessing: a client address that presents too many wrong tokens within a
// window is locked out for a while, and its requests needing a token get 429 with Retry-After
// without the token being checked. Requests with a valid token are never counted.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/auth.hpp"
#include "api/http_types.hpp"

namespace vigie::api {

struct AuthThrottleOptions {
  std::size_t max_failures = 10;  // within WINDOW, from one address, start a lock-out
  std::chrono::steady_clock::duration window = std::chrono::minutes(1);
  std::chrono::steady_clock::duration lockout = std::chrono::minutes(5);
  // Addresses remembered at most; past it the one seen least recently is forgotten, so a
  // flood of addresses costs bounded memory.
  std::size_t max_clients = 4096;
};

class AuthThrottle {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit AuthThrottle(
      AuthThrottleOptions options = {},
      Clock now = [] { return std::chrono::steady_clock::now(); });

  // CHECK's decision, unless CLIENT is locked out: then a 429 denial and CHECK is not called.
  // A decision that rejects a presented credential counts as a failure for CLIENT.
  // Thread-safe.
  AccessDecision guard(std::string_view client, const std::function<AccessDecision()>& check);

  // How long CLIENT must still wait (at least 1 s), or nullopt if it is not locked out.
  std::optional<std::chrono::seconds> retry_after(std::string_view client);

  // Counts one rejected credential from CLIENT; the one that reaches the limit starts the
  // lock-out.
  void record_failure(std::string_view client);

  std::uint64_t failures() const;   // rejected credentials, all clients
  std::uint64_t throttled() const;  // requests answered 429
  std::size_t tracked() const;      // addresses remembered now

  // The counters in Prometheus text format, for /metrics.
  std::string prometheus_text() const;

 private:
  struct Entry {
    std::string client;
    std::size_t failures = 0;  // in the window that began at WINDOW_START
    std::chrono::steady_clock::time_point window_start;
    std::chrono::steady_clock::time_point locked_until;  // in the past: not locked
  };
  // The entry for CLIENT, made most recent; created (evicting the oldest) if CREATE.
  Entry* touch(std::string_view client, bool create);

  AuthThrottleOptions options_;
  Clock now_;
  mutable std::mutex mutex_;
  std::list<Entry> recency_;  // least recently seen first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_client_;
  std::uint64_t failures_ = 0;
  std::uint64_t throttled_ = 0;
};

// The 429 sent to a locked-out client.
Response too_many_failures(std::chrono::seconds retry_after);

}  // namespace vigie::api
