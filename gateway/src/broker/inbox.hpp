// What the broker's messages are handed to, and what hears of the connection.
// The link (broker/mqtt_link) acknowledges a message to the broker only once
// take() says it is taken for good (perf-arch.md sec. 2.1).
#pragma once

#include <string>

namespace vigie::broker {

class Inbox {
 public:
  virtual ~Inbox() = default;
  // A message of a subscription, on Paho's thread or the link's own. True once it is
  // taken for good (committed): the link acknowledges it. False: the link keeps it
  // unacknowledged, takes nothing more from the broker, and offers it again until true.
  virtual bool take(const std::string& topic, const std::string& payload) = 0;
  // Each (re)connect, once the subscriptions are renewed: what the broker should hold
  // (retained state) is published again.
  virtual void connected() = 0;
  // The connection came up (before subscribing) or was lost.
  virtual void link_status(bool up) = 0;
};

}  // namespace vigie::broker
