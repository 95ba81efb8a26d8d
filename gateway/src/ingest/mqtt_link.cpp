#include "ingest/mqtt_link.hpp"

#include <mqtt/async_client.h>

#include <iostream>

namespace vigie::ingest {

MqttLink::MqttLink(MqttLinkOptions options, MessageHandler on_message,
                   ConnectedHandler on_connected, StatusHandler on_status)
    : options_(std::move(options)),
      on_message_(std::move(on_message)),
      on_connected_(std::move(on_connected)),
      on_status_(std::move(on_status)),
      client_(std::make_unique<mqtt::async_client>(options_.url, options_.client_id)) {
  client_->set_message_callback([this](mqtt::const_message_ptr msg) {
    // The handler commits or ends the process; nothing may unwind into Paho's C frames.
    on_message_(msg->get_topic(), msg->get_payload_str());
  });
  client_->set_connected_handler([this](const std::string&) {
    connected_ = true;
    on_status_(true);
    // Renewed every time: the broker may have lost the session (restart, expiry).
    std::vector<int> qos(options_.subscriptions.size(), 1);
    try {
      client_->subscribe(mqtt::string_collection::create(options_.subscriptions), qos);
    } catch (const std::exception& e) {
      std::cerr << "vigie: subscribe failed: " << e.what() << std::endl;
    }
    on_connected_();
  });
  client_->set_connection_lost_handler([this](const std::string& cause) {
    connected_ = false;
    on_status_(false);
    std::cerr << "vigie: connection to broker lost" << (cause.empty() ? "" : ": " + cause)
              << "; reconnecting" << std::endl;
  });
}

MqttLink::~MqttLink() {
  stopping_ = true;
  wake_.notify_all();
  if (connector_.joinable()) connector_.join();
}

void MqttLink::start() {
  connector_ = std::thread([this] { connect_loop(); });
}

void MqttLink::connect_loop() {
  auto builder = mqtt::connect_options_builder()
                     .clean_session(false)
                     .keep_alive_interval(options_.keep_alive)
                     .connect_timeout(std::chrono::seconds(10))
                     .automatic_reconnect(options_.min_retry, options_.max_retry)
                     .will(mqtt::message(options_.will_topic, options_.will_payload, 1, true));
  if (options_.username) builder.user_name(*options_.username);
  if (options_.password) builder.password(*options_.password);
  if (options_.url.rfind("ssl://", 0) == 0 || options_.url.rfind("mqtts://", 0) == 0) {
    mqtt::ssl_options ssl;
    if (options_.ca_file) ssl.set_trust_store(*options_.ca_file);
    if (options_.cert_file) ssl.set_key_store(*options_.cert_file);
    if (options_.key_file) ssl.set_private_key(*options_.key_file);
    ssl.set_error_handler(
        [](const std::string& msg) { std::cerr << "vigie: TLS: " << msg << std::endl; });
    builder.ssl(std::move(ssl));
  }
  const auto opts = builder.finalize();

  // Paho retries by itself only after a first success; the first connect is ours.
  auto delay = options_.min_retry;
  while (!stopping_) {
    try {
      client_->connect(opts)->wait();
      return;
    } catch (const mqtt::exception& e) {
      std::cerr << "vigie: cannot connect to broker " << options_.url << ": " << e.what()
                << "; retrying in " << delay.count() << " s" << std::endl;
    }
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
    delay = std::min(delay * 2, options_.max_retry);
  }
}

void MqttLink::publish(const std::string& topic, const std::string& payload, bool retained) {
  try {
    client_->publish(topic, payload.data(), payload.size(), 1, retained);
  } catch (const mqtt::exception& e) {
    // Acks and commands are re-sent on reconnect and on the node's next message.
    std::cerr << "vigie: publish to " << topic << " failed: " << e.what() << std::endl;
  }
}

void MqttLink::stop(const std::optional<std::pair<std::string, std::string>>& last,
                    std::chrono::milliseconds timeout) {
  stopping_ = true;
  wake_.notify_all();
  if (connector_.joinable()) connector_.join();
  try {
    if (client_->is_connected()) {
      if (last)
        client_->publish(last->first, last->second.data(), last->second.size(), 1, true)
            ->wait_for(timeout);
      client_->disconnect(static_cast<int>(timeout.count()))->wait_for(timeout);
    }
  } catch (const mqtt::exception& e) {
    std::cerr << "vigie: disconnect: " << e.what() << std::endl;
  }
  connected_ = false;
}

}  // namespace vigie::ingest
