// A GatewayStatus whose answers the test sets.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "api/gateway_status.hpp"

namespace vigie::api::test {

class FakeGatewayStatus : public GatewayStatus {
 public:
  IngestStats stats() const override {
    const std::lock_guard lock(mutex_);
    return stats_;
  }
  bool broker_connected() const override { return broker_; }
  bool store_writable() const override { return store_; }
  std::string store_error() const override {
    const std::lock_guard lock(mutex_);
    return store_error_;
  }
  std::string prometheus_text() const override {
    return "# TYPE vigie_events_received_total counter\nvigie_events_received_total 42\n";
  }

  void set_stats(const IngestStats& s) {
    const std::lock_guard lock(mutex_);
    stats_ = s;
  }
  std::optional<OutboxHealth> outbox() const override {
    const std::lock_guard lock(mutex_);
    return outbox_;
  }
  void set_outbox(std::optional<OutboxHealth> o) {
    const std::lock_guard lock(mutex_);
    outbox_ = std::move(o);
  }
  void set_broker(bool up) { broker_ = up; }
  void set_store(bool up, std::string error = {}) {
    const std::lock_guard lock(mutex_);
    store_ = up;
    store_error_ = std::move(error);
  }

 private:
  mutable std::mutex mutex_;
  IngestStats stats_;
  std::string store_error_;
  std::optional<OutboxHealth> outbox_;
  std::atomic<bool> broker_{true};
  std::atomic<bool> store_{true};
};

}  // namespace vigie::api::test
