// Ingest counters and the commit-latency histogram, readable from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "ingest/ingest_stats.hpp"
#include "ingest/refusal.hpp"

namespace vigie::ingest {

class IngestMetrics {
 public:
  static constexpr std::array<double, 12> kCommitBuckets{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0};

  std::atomic<std::uint64_t> events_received{0};
  std::atomic<std::uint64_t> events_stored{0};
  std::atomic<std::uint64_t> duplicates{0};
  std::atomic<std::uint64_t> quarantined{0};
  std::atomic<std::uint64_t> gaps{0};
  std::atomic<std::uint64_t> gaps_open{0};
  std::atomic<std::uint64_t> gaps_lost{0};
  std::atomic<std::uint64_t> nodes_online{0};
  std::atomic<std::uint64_t> nodes_total{0};
  std::atomic<std::uint64_t> messages{0};
  std::atomic<std::uint64_t> messages_ignored{0};
  std::atomic<std::uint64_t> resyncs_sent{0};
  std::atomic<std::uint64_t> acks_published{0};
  std::atomic<std::uint64_t> broker_connects{0};
  std::atomic<bool> broker_connected{false};
  std::atomic<bool> store_writable{true};
  std::atomic<std::uint64_t> agents_total{0};
  RefusalCounts refused;
  std::atomic<std::uint64_t> commit_failures{0};

  // A commit failed (disk full, read-only, I/O error): /healthz says why until one succeeds.
  void store_failed(const std::string& reason);
  void store_ok();
  std::string store_error() const;

  void observe_commit(double seconds);
  IngestStats stats() const;
  std::string prometheus_text() const;

 private:
  std::array<std::atomic<std::uint64_t>, kCommitBuckets.size()> commit_buckets_{};
  std::atomic<std::uint64_t> commit_count_{0};
  std::atomic<std::uint64_t> commit_sum_ns_{0};
  mutable std::mutex store_mu_;
  std::string store_error_;  // guarded by store_mu_
};

}  // namespace vigie::ingest
