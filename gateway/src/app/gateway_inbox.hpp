// The gateway's inbox on the broker: each message to durable ingest, the
// link's state to ingest's metrics, and on each (re)connect the duties that
// publish again what the broker should hold (given whole at construction).
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "broker/inbox.hpp"
#include "ingest/durable_ingest.hpp"
#include "ingest/ingest_metrics.hpp"

namespace vigie::app {

class GatewayInbox final : public broker::Inbox {
 public:
  GatewayInbox(ingest::DurableIngest& durable, ingest::IngestMetrics& metrics,
               std::function<void()> reconnected)
      : durable_(durable), metrics_(metrics), reconnected_(std::move(reconnected)) {}

  bool take(const std::string& topic, const std::string& payload) override {
    return durable_.commit(topic, payload);
  }
  void connected() override {
    metrics_.broker_connects++;
    reconnected_();
  }
  void link_status(bool up) override { metrics_.broker_connected = up; }

 private:
  ingest::DurableIngest& durable_;
  ingest::IngestMetrics& metrics_;
  std::function<void()> reconnected_;
};

}  // namespace vigie::app
