// Alerts and nudges on MQTT (contract.md sec. 2): each alert retained on
// vigie/v1/{site}/alert/{criterion}/{subject} while active, cleared with an
// empty retained payload when it resolves; a `due` notice on an agent sent as
// a `nudge` command to the node that reports the agent.
#pragma once

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

 private:
  std::string site_;
  ingest::Outbox& outbox_;
};

}  // namespace vigie::notify
