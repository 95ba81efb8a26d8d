#include "ingest/ingest_metrics.hpp"

#include <sstream>

namespace vigie::ingest {

void IngestMetrics::observe_commit(double seconds) {
  for (std::size_t i = 0; i < kCommitBuckets.size(); ++i)
    if (seconds <= kCommitBuckets[i]) commit_buckets_[i].fetch_add(1, std::memory_order_relaxed);
  commit_count_.fetch_add(1, std::memory_order_relaxed);
  commit_sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

void IngestMetrics::store_failed(const std::string& reason) {
  std::lock_guard lock(store_mu_);
  store_error_ = reason;
  store_writable = false;
  commit_failures++;
}

void IngestMetrics::store_ok() {
  if (store_writable) return;  // the common case takes no lock
  std::lock_guard lock(store_mu_);
  store_error_.clear();
  store_writable = true;
}

std::string IngestMetrics::store_error() const {
  std::lock_guard lock(store_mu_);
  return store_error_;
}

IngestStats IngestMetrics::stats() const {
  return {events_received.load(), events_stored.load(), duplicates.load(),
          quarantined.load(),     gaps.load(),          nodes_online.load(),
          nodes_total.load()};
}

std::string IngestMetrics::prometheus_text() const {
  std::ostringstream o;
  auto counter = [&](const char* name, const char* help, std::uint64_t v) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " counter\n"
      << name << ' ' << v << '\n';
  };
  auto gauge = [&](const char* name, const char* help, std::uint64_t v) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n"
      << name << ' ' << v << '\n';
  };
  counter("vigie_events_received_total", "Events received in decodable batches.",
          events_received.load());
  counter("vigie_events_stored_total", "Events durably stored.", events_stored.load());
  counter("vigie_duplicates_total", "Events received again and not stored twice.",
          duplicates.load());
  counter("vigie_quarantined_total", "Quarantine records (rejected messages and events).",
          quarantined.load());
  counter("vigie_gaps_total", "Holes detected in node sequences.", gaps.load());
  gauge("vigie_gaps_open", "Holes not yet filled.", gaps_open.load());
  counter("vigie_gaps_lost_total", "Holes given up as lost after resync.", gaps_lost.load());
  gauge("vigie_nodes_online", "Nodes whose last state is online.", nodes_online.load());
  gauge("vigie_nodes_known", "Nodes known to the gateway.", nodes_total.load());
  gauge("vigie_agents_known", "Agents known to the gateway.", agents_total.load());
  refused.render(o);
  counter("vigie_messages_total", "MQTT messages handled.", messages.load());
  counter("vigie_messages_ignored_total", "MQTT messages on topics the gateway does not read.",
          messages_ignored.load());
  counter("vigie_resync_sent_total", "Resync commands sent to nodes.", resyncs_sent.load());
  counter("vigie_acks_published_total", "Durable acks published to nodes.", acks_published.load());
  counter("vigie_broker_connects_total", "Successful connections to the broker.",
          broker_connects.load());
  gauge("vigie_broker_connected", "1 when connected to the broker.", broker_connected.load());
  gauge("vigie_store_writable", "1 when the store accepts commits.", store_writable.load());
  counter("vigie_store_commit_failures_total", "Ingest commits the store refused.",
          commit_failures.load());

  o << "# HELP vigie_commit_seconds Durable commit latency of one MQTT message.\n"
    << "# TYPE vigie_commit_seconds histogram\n";
  for (std::size_t i = 0; i < kCommitBuckets.size(); ++i)
    o << "vigie_commit_seconds_bucket{le=\"" << kCommitBuckets[i] << "\"} "
      << commit_buckets_[i].load() << '\n';
  const auto n = commit_count_.load();
  o << "vigie_commit_seconds_bucket{le=\"+Inf\"} " << n << '\n'
    << "vigie_commit_seconds_sum " << static_cast<double>(commit_sum_ns_.load()) / 1e9 << '\n'
    << "vigie_commit_seconds_count " << n << '\n';
  return o.str();
}

}  // namespace vigie::ingest
