// The topics of the v1 contract (docs/contract.md sec. 2), one place for the
// gateway: node topics vigie/v1/{site}/node/{node}/{channel}, the gateway's
// state, alerts and checkpoints.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::broker {

enum class Channel { birth, state, evt };

struct NodeTopic {
  std::string site;
  std::string node;
  Channel channel = Channel::evt;
};

// Returns nothing for a topic that is not a node's birth, state or evt topic.
std::optional<NodeTopic> parse_node_topic(std::string_view topic);

std::string node_topic(const std::string& site, const std::string& node, std::string_view leaf);
// What the gateway subscribes to: every node's birth, state and evt topics of SITE.
std::vector<std::string> node_subscriptions(const std::string& site);
std::string gateway_state_topic(const std::string& gateway_id);
// An active alert, retained; cleared by an empty retained payload.
std::string alert_topic(const std::string& site, const std::string& criterion,
                        const std::string& subject_key);
// The latest signed checkpoint of the site's ledger, retained.
std::string checkpoint_topic(const std::string& site);

}  // namespace vigie::broker
