// What the live hub and its sessions share; sessions keep it alive until their last handler.
// Internal to LiveHub.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "api/live_hub.hpp"

namespace vigie::api {

class LiveSession;

struct LiveHubCore {
  LiveHubCore(const Authenticator& a, const Pseudonymiser& p, LiveHub::SnapshotProvider s,
              LiveHubOptions o)
      : auth(a), pseudonyms(p), snapshot(std::move(s)), options(std::move(o)) {}

  const Authenticator& auth;
  const Pseudonymiser& pseudonyms;
  LiveHub::SnapshotProvider snapshot;
  LiveHubOptions options;

  std::atomic<bool> closing{false};
  std::atomic<std::size_t> published{0};
  std::atomic<std::size_t> snapshots_sent{0};

  mutable std::mutex mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<LiveSession>> sessions;
  std::uint64_t next_id = 0;
  OutboxCounters ended;  // counters of the sessions that are gone

  // Joins SESSION to the roll unless the hub is closing or full; its id, or 0.
  std::uint64_t join(const std::shared_ptr<LiveSession>& session);
  void leave(std::uint64_t id, const OutboxCounters& counters);
  std::vector<std::shared_ptr<LiveSession>> open_sessions() const;
  // Refuses later joins and closes every session, from any thread.
  void close_all();
};

// MESSAGE as the text a client receives.
SharedText serialise(const nlohmann::json& message);

// Folds B into A: counts add up, peaks keep the highest.
void merge(OutboxCounters& a, const OutboxCounters& b);

}  // namespace vigie::api
