// A test-side MQTT client (Paho C++): publishes node messages at QoS 1 and
// records what the gateway sends back (acks, commands, states).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mqtt {
class async_client;
}

namespace vigie::testing {

struct Received {
  std::string topic, payload;
  bool retained;
  std::chrono::steady_clock::time_point at;  // when this client received it
};

// TLS files (ssl:// URLs) and credentials; empty: not given.
struct MqttClientSecurity {
  std::string ca_file, cert_file, key_file;
  std::string username, password;
};

class MqttClient {
 public:
  MqttClient(const std::string& url, const std::string& client_id);
  MqttClient(const std::string& url, const std::string& client_id,
             const MqttClientSecurity& security);
  // CLEAN_SESSION false: the broker keeps this client id's session (its
  // subscriptions, and QoS 1 messages for it) after a disconnect.
  MqttClient(const std::string& url, const std::string& client_id,
             const MqttClientSecurity& security, bool clean_session);
  ~MqttClient();
  void subscribe(const std::string& filter);
  // Waits for the broker's PUBACK: the broker holds the message from then on.
  void publish(const std::string& topic, const std::string& payload, bool retained = false);
  std::vector<Received> received(const std::string& topic_suffix) const;
  // The newest payload received on TOPIC, or "" if none.
  std::string last(const std::string& topic) const;

 private:
  std::unique_ptr<mqtt::async_client> client_;
  mutable std::mutex mu_;
  std::vector<Received> received_;
};

// A node batch of events FROM..TO (agent.state) for node acd-1.
std::string batch_json(const std::string& node, const std::string& epoch, std::uint64_t from,
                       std::uint64_t to);

}  // namespace vigie::testing

namespace vigie::testing {
// Publishes every message of a capture file (contract.md sec. 4) in order;
// returns how many events its batches hold.
std::uint64_t publish_capture(MqttClient& client, const std::string& path);
}  // namespace vigie::testing
