// Node topics of the v1 contract: vigie/v1/{site}/node/{node}/{channel}.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigie::ingest {

enum class Channel { birth, state, evt };

struct NodeTopic {
  std::string site;
  std::string node;
  Channel channel = Channel::evt;
};

// Returns nothing for a topic that is not a node's birth, state or evt topic.
std::optional<NodeTopic> parse_node_topic(std::string_view topic);

std::string node_topic(const std::string& site, const std::string& node, std::string_view leaf);
std::string gateway_state_topic(const std::string& gateway_id);

}  // namespace vigie::ingest
