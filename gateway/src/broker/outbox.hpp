// What the gateway publishes to the broker: QoS 1, retained or not. Implemented
// over Paho by the link (broker/mqtt_link), by a recorder in tests. publish()
// never blocks: a message published before the link connects waits for it.
#pragma once

#include <string>

namespace vigie::broker {

class Outbox {
 public:
  virtual ~Outbox() = default;
  virtual void publish(const std::string& topic, const std::string& payload, bool retained) = 0;
};

}  // namespace vigie::broker
