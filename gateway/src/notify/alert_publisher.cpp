#include "notify/alert_publisher.hpp"

#include <nlohmann/json.hpp>

#include "ingest/topic.hpp"

namespace vigie::notify {

void AlertPublisher::publish(const engine::AlertTransition& t) {
  const auto& a = t.alert;
  const std::string topic = "vigie/v1/" + site_ + "/alert/" + a.criterion + "/" + a.subject.key();
  if (a.state == engine::AlertState::resolved)
    outbox_.publish(topic, "", true);  // an empty retained payload clears it
  else
    outbox_.publish(topic, engine::to_json(a), true);
}

void AlertPublisher::nudge(const engine::Nudge& n) {
  if (n.node.empty()) return;
  const nlohmann::json cmd{
      {"cmd", "nudge"}, {"agent", n.agent}, {"criterion", n.criterion}, {"text", n.text}};
  outbox_.publish(ingest::node_topic(site_, n.node, "cmd"), cmd.dump(), false);
}

}  // namespace vigie::notify
