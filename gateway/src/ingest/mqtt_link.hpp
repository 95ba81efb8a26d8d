// The gateway's one connection to the broker, over Paho MQTT C++ (async).
// Persistent session under a stable client id, QoS 1, subscriptions renewed on
// every (re)connect, reconnect with backoff, a retained Will.
// Messages are handed to the handler on Paho's thread; Paho sends the PUBACK
// only after the handler returns (perf-arch.md sec. 2.1).
//
// Each connection gets a fresh Paho client object; a client whose connection
// was lost is retired, never reconnected nor destroyed. Paho C 1.3.12 (Debian
// bookworm) frees the topic and payload of a QoS 1 publish whose first write
// fails on a dying socket but keeps the message for retry: reconnecting the
// same client re-sends freed memory (the broker drops the connection as
// malformed, forever), destroying it frees that memory twice. Nothing the
// gateway publishes needs Paho's retry: acks, the gateway state and active
// alerts are published again on every connect.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ingest/ingestor.hpp"

namespace mqtt {
class async_client;
}

namespace vigie::ingest {

struct MqttLinkOptions {
  std::string url;
  std::string client_id;
  std::optional<std::string> username, password;
  std::optional<std::string> ca_file, cert_file, key_file;
  std::string will_topic;
  std::string will_payload;
  std::vector<std::string> subscriptions;
  std::chrono::seconds keep_alive{30};
  std::chrono::seconds min_retry{1};
  std::chrono::seconds max_retry{30};
};

class MqttLink : public Outbox {
 public:
  using MessageHandler = std::function<void(const std::string& topic, const std::string& payload)>;
  using ConnectedHandler = std::function<void()>;
  using StatusHandler = std::function<void(bool connected)>;

  MqttLink(MqttLinkOptions options, MessageHandler on_message, ConnectedHandler on_connected,
           StatusHandler on_status);
  ~MqttLink() override;

  // Connects in the background, retrying with backoff until it succeeds or stop() is called.
  void start();
  // Publishes LAST (if any) retained, then disconnects, letting in-flight work finish.
  void stop(const std::optional<std::pair<std::string, std::string>>& last,
            std::chrono::milliseconds timeout);
  void publish(const std::string& topic, const std::string& payload, bool retained) override;
  bool connected() const { return connected_; }

 private:
  void connect_loop();
  bool connect_once(const std::shared_ptr<mqtt::async_client>& client);
  std::shared_ptr<mqtt::async_client> make_client();
  std::shared_ptr<mqtt::async_client> current() const;

  MqttLinkOptions options_;
  MessageHandler on_message_;
  ConnectedHandler on_connected_;
  StatusHandler on_status_;
  mutable std::mutex mu_;
  std::shared_ptr<mqtt::async_client> client_;  // guarded by mu_
  std::map<std::string, std::string> unsent_;   // retained, refused by Paho; guarded by mu_
  std::atomic<bool> connected_{false};
  std::atomic<bool> lost_{false};
  std::atomic<bool> stopping_{false};
  std::thread connector_;
  std::condition_variable wake_;
};

}  // namespace vigie::ingest
