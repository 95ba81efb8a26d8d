// Alerts and nudges on MQTT (contract.md sec. 2): each alert retained on
// vigie/v1/{site}/alert/{criterion}/{subject} while active, cleared with an
// empty retained payload when it resolves; a `due` notice on an agent sent as
// a `nudge` command to the node that reports the agent.
// The publisher remembers what the broker should hold, so a reconnect can set
// it right again: every active alert, and every clear sent since the last
// connect (either may have been lost with the connection). Not thread-safe:
// one thread (the engine's) calls it.
#pragma once

#include <map>
#include <set>
#include <string>

#include "engine/transition.hpp"
#include "ingest/ingestor.hpp"

namespace vigie::notify {

class AlertPublisher {
 public:
  AlertPublisher(std::string site, ingest::Outbox& outbox)
      : site_(std::move(site)), outbox_(outbox) {}
  void publish(const engine::AlertTransition& t);
  void nudge(const engine::Nudge& n);
  // An alert already active when the gateway starts (rebuilt, not re-emitted).
  void remember(const engine::Alert& a);
  // After a (re)connect: publishes the retained state again.
  void republish();

 private:
  std::string topic_of(const engine::Alert& a) const;

  std::string site_;
  ingest::Outbox& outbox_;
  std::map<std::string, std::string> active_;  // topic -> retained payload
  std::set<std::string> cleared_;              // cleared since the last republish
};

}  // namespace vigie::notify
