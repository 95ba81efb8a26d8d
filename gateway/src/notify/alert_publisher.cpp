#include "notify/alert_publisher.hpp"

#include <nlohmann/json.hpp>

#include "broker/topics.hpp"
#include "engine/alert_json.hpp"

namespace vigie::notify {

std::string AlertPublisher::topic_of(const engine::Alert& a) const {
  return broker::alert_topic(site_, a.criterion, a.subject.key());
}

void AlertPublisher::publish(const engine::AlertTransition& t) {
  const auto& a = t.alert;
  const std::string topic = topic_of(a);
  if (a.state == engine::AlertState::resolved) {
    cleared_.insert(topic);
    outbox_.publish(topic, "", true);  // an empty retained payload clears it
  } else {
    cleared_.erase(topic);
    outbox_.publish(topic, engine::to_json(a), true);
  }
}

void AlertPublisher::retain(const engine::Alert& a) {
  if (a.state != engine::AlertState::resolved)
    outbox_.publish(topic_of(a), engine::to_json(a), true);
}

void AlertPublisher::republish_clears() {
  for (const auto& topic : cleared_) outbox_.publish(topic, "", true);
  cleared_.clear();
}

void AlertPublisher::nudge(const engine::Nudge& n) {
  if (n.node.empty()) return;
  const nlohmann::json cmd{
      {"cmd", "nudge"}, {"agent", n.agent}, {"criterion", n.criterion}, {"text", n.text}};
  outbox_.publish(broker::node_topic(site_, n.node, "cmd"), cmd.dump(), false);
}

}  // namespace vigie::notify
