// Alerts and nudges on MQTT (contract.md sec. 2): each alert retained on
// vigie/v1/{site}/alert/{criterion}/{subject} while active, cleared with an
// empty retained payload when it resolves; a `due` notice on an agent sent as
// a `nudge` command to the node that reports the agent.
// A reconnect sets right again what the broker should hold (either may have
// been lost with the connection): every clear sent since the last connect,
// which the publisher remembers, and every active alert, which the engine
// holds (the publisher keeps no copy: at 5,000 agents their payloads were
// megabytes, issue 15). Not thread-safe: one thread (the engine's) calls it.
#pragma once

#include <set>
#include <string>

#include "broker/outbox.hpp"
#include "engine/transition.hpp"

namespace vigie::notify {

class AlertPublisher {
 public:
  AlertPublisher(std::string site, broker::Outbox& outbox)
      : site_(std::move(site)), outbox_(outbox) {}
  void publish(const engine::AlertTransition& t);
  void nudge(const engine::Nudge& n);
  // After a (re)connect: publishes the retained state again, with
  // `for_each_active(fn)` calling fn on each active alert (Engine::for_each_active_alert).
  template <class ForEachActive>
  void republish(ForEachActive&& for_each_active) {
    republish_clears();
    for_each_active([this](const engine::Alert& a) { retain(a); });
  }

 private:
  std::string topic_of(const engine::Alert& a) const;
  void republish_clears();
  void retain(const engine::Alert& a);

  std::string site_;
  broker::Outbox& outbox_;
  std::set<std::string> cleared_;  // cleared since the last republish
};

}  // namespace vigie::notify
