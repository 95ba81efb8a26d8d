#include "broker/topics.hpp"

#include "domain/event.hpp"

namespace vigie::broker {

std::optional<NodeTopic> parse_node_topic(std::string_view topic) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto slash = topic.find('/', start);
    parts.emplace_back(topic.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() != 6 || parts[0] != "vigie" || parts[1] != "v1" || parts[3] != "node")
    return std::nullopt;
  if (!is_valid_id(parts[2]) || !is_valid_id(parts[4])) return std::nullopt;
  NodeTopic t{parts[2], parts[4], Channel::evt};
  if (parts[5] == "birth")
    t.channel = Channel::birth;
  else if (parts[5] == "state")
    t.channel = Channel::state;
  else if (parts[5] == "evt")
    t.channel = Channel::evt;
  else
    return std::nullopt;
  return t;
}

std::string node_topic(const std::string& site, const std::string& node, std::string_view leaf) {
  std::string t = "vigie/v1/" + site + "/node/" + node + "/";
  t += leaf;
  return t;
}

std::vector<std::string> node_subscriptions(const std::string& site) {
  const std::string filter = "vigie/v1/" + site + "/node/+/";
  return {filter + "birth", filter + "state", filter + "evt"};
}

std::string gateway_state_topic(const std::string& gateway_id) {
  return "vigie/v1/gateway/" + gateway_id + "/state";
}

std::string alert_topic(const std::string& site, const std::string& criterion,
                        const std::string& subject_key) {
  return "vigie/v1/" + site + "/alert/" + criterion + "/" + subject_key;
}

std::string checkpoint_topic(const std::string& site) {
  return "vigie/v1/" + site + "/checkpoint";
}

}  // namespace vigie::broker
