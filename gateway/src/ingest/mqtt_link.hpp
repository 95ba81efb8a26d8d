// The gateway's one connection to the broker, over Paho MQTT C++ (async).
// Persistent session under a stable client id, QoS 1, subscriptions renewed on
// every (re)connect, automatic reconnect with backoff, a retained Will.
// Messages are handed to the handler on Paho's thread; Paho sends the PUBACK
// only after the handler returns (perf-arch.md sec. 2.1).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
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

  MqttLinkOptions options_;
  MessageHandler on_message_;
  ConnectedHandler on_connected_;
  StatusHandler on_status_;
  std::unique_ptr<mqtt::async_client> client_;
  std::atomic<bool> connected_{false};
  std::atomic<bool> stopping_{false};
  std::thread connector_;
  std::mutex mu_;
  std::condition_variable wake_;
};

}  // namespace vigie::ingest
