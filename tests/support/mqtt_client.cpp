#include "mqtt_client.hpp"

#include <mqtt/async_client.h>

#include <nlohmann/json.hpp>

namespace vigie::testing {

MqttClient::MqttClient(const std::string& url, const std::string& client_id)
    : MqttClient(url, client_id, MqttClientSecurity{}) {}

MqttClient::MqttClient(const std::string& url, const std::string& client_id,
                       const MqttClientSecurity& security)
    : MqttClient(url, client_id, security, true) {}

MqttClient::MqttClient(const std::string& url, const std::string& client_id,
                       const MqttClientSecurity& security, bool clean_session)
    : client_(std::make_unique<mqtt::async_client>(url, client_id)) {
  client_->set_message_callback([this](mqtt::const_message_ptr m) {
    std::lock_guard lock(mu_);
    received_.push_back({m->get_topic(), m->get_payload_str(), m->is_retained(),
                         std::chrono::steady_clock::now()});
  });
  auto builder = mqtt::connect_options_builder()
                     .clean_session(clean_session)
                     .automatic_reconnect(std::chrono::milliseconds(200), std::chrono::seconds(2));
  if (!security.username.empty()) builder.user_name(security.username);
  if (!security.password.empty()) builder.password(security.password);
  if (url.rfind("ssl://", 0) == 0) {
    mqtt::ssl_options ssl;
    if (!security.ca_file.empty()) ssl.set_trust_store(security.ca_file);
    if (!security.cert_file.empty()) ssl.set_key_store(security.cert_file);
    if (!security.key_file.empty()) ssl.set_private_key(security.key_file);
    builder.ssl(std::move(ssl));
  }
  client_->connect(builder.finalize())->wait();
}

MqttClient::~MqttClient() {
  try {
    if (client_->is_connected()) client_->disconnect()->wait();
  } catch (...) {
  }
}

void MqttClient::subscribe(const std::string& filter) {
  client_->subscribe(filter, 1)->wait();
}

void MqttClient::publish(const std::string& topic, const std::string& payload, bool retained) {
  client_->publish(topic, payload.data(), payload.size(), 1, retained)->wait();
}

std::vector<Received> MqttClient::received(const std::string& suffix) const {
  std::lock_guard lock(mu_);
  std::vector<Received> out;
  for (const auto& r : received_)
    if (r.topic.ends_with(suffix)) out.push_back(r);
  return out;
}

std::string MqttClient::last(const std::string& topic) const {
  std::lock_guard lock(mu_);
  for (auto it = received_.rbegin(); it != received_.rend(); ++it)
    if (it->topic == topic) return it->payload;
  return "";
}

std::string batch_json(const std::string& node, const std::string& epoch, std::uint64_t from,
                       std::uint64_t to) {
  nlohmann::json events = nlohmann::json::array();
  static const char* states[] = {"available", "talking", "wrap_up", "hold"};
  for (auto s = from; s <= to; ++s)
    events.push_back({{"seq", s},
                      {"ts", 1764489600000 + static_cast<std::int64_t>(s) * 1000},
                      {"type", "agent.state"},
                      {"agent", "a" + std::to_string(s % 50)},
                      {"team", "sav-1"},
                      {"state", states[s % 4]}});
  return nlohmann::json{{"v", 1}, {"node", node}, {"epoch", epoch}, {"events", events}}.dump();
}

}  // namespace vigie::testing

#include <fstream>

namespace vigie::testing {

std::uint64_t publish_capture(MqttClient& client, const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::uint64_t events = 0;
  while (std::getline(in, line)) {
    const auto msg = nlohmann::json::parse(line);
    const auto& payload = msg["payload"];
    if (payload.contains("events")) events += payload["events"].size();
    const bool retained = !msg["topic"].get<std::string>().ends_with("/evt");
    client.publish(msg["topic"], payload.dump(), retained);
  }
  return events;
}

}  // namespace vigie::testing
