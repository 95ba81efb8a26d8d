#include "ingest/mqtt_link.hpp"

#include <mqtt/async_client.h>

#include <iostream>
#include <utility>

#include "ingest/broker_refusal.hpp"
#include "ingest/tcp_nodelay.hpp"

namespace vigie::ingest {
namespace {

// A retired client may hold a message whose memory Paho already freed (see the
// header): it keeps its callbacks off and is deliberately never destroyed.
void retire(std::shared_ptr<mqtt::async_client> client) {
  if (!client) return;
  try {
    // Refused while Paho still closes the connection; it never reconnects by itself
    // (automatic reconnect is off), so its callbacks cannot fire again anyway.
    client->disable_callbacks();
  } catch (const mqtt::exception&) {
  }
  new std::shared_ptr<mqtt::async_client>(std::move(client));  // leaked on purpose
}

}  // namespace

MqttLink::MqttLink(MqttLinkOptions options, MessageHandler on_message,
                   ConnectedHandler on_connected, StatusHandler on_status)
    : options_(std::move(options)),
      on_message_(std::move(on_message)),
      on_connected_(std::move(on_connected)),
      on_status_(std::move(on_status)) {}

MqttLink::~MqttLink() {
  stopping_ = true;
  wake_.notify_all();
  if (connector_.joinable()) connector_.join();
}

std::shared_ptr<mqtt::async_client> MqttLink::make_client() {
  auto client = std::make_shared<mqtt::async_client>(options_.url, options_.client_id);
  client->set_message_callback([this](mqtt::const_message_ptr msg) {
    // The handler commits or ends the process; nothing may unwind into Paho's C frames.
    on_message_(msg->get_topic(), msg->get_payload_str());
  });
  mqtt::async_client* raw = client.get();
  client->set_connected_handler([this, raw](const std::string&) {
    // Alerts and acks are small messages sent right after others: no Nagle delay.
    if (const auto port = broker_port(options_.url)) set_nodelay_to_port(*port);
    connected_ = true;
    on_status_(true);
    // Renewed every time: the broker may have lost the session (restart, expiry).
    std::vector<int> qos(options_.subscriptions.size(), 1);
    try {
      raw->subscribe(mqtt::string_collection::create(options_.subscriptions), qos);
    } catch (const std::exception& e) {
      std::cerr << "vigie: subscribe failed: " << e.what() << std::endl;
    }
    on_connected_();
  });
  client->set_connection_lost_handler([this](const std::string& cause) {
    connected_ = false;
    on_status_(false);
    std::cerr << "vigie: connection to broker lost" << (cause.empty() ? "" : ": " + cause)
              << "; reconnecting" << std::endl;
    {
      std::lock_guard lock(mu_);
      lost_ = true;
    }
    wake_.notify_all();
  });
  return client;
}

std::shared_ptr<mqtt::async_client> MqttLink::current() const {
  std::lock_guard lock(mu_);
  return client_;
}

void MqttLink::start() {
  connector_ = std::thread([this] { connect_loop(); });
}

bool MqttLink::connect_once(const std::shared_ptr<mqtt::async_client>& client) {
  auto builder = mqtt::connect_options_builder()
                     .clean_session(false)
                     .keep_alive_interval(options_.keep_alive)
                     .connect_timeout(std::chrono::seconds(10))
                     .automatic_reconnect(false)
                     .will(mqtt::message(options_.will_topic, options_.will_payload, 1, true));
  if (options_.username) builder.user_name(*options_.username);
  if (options_.password) builder.password(*options_.password);
  if (options_.url.rfind("ssl://", 0) == 0 || options_.url.rfind("mqtts://", 0) == 0) {
    mqtt::ssl_options ssl;
    if (options_.ca_file) ssl.set_trust_store(*options_.ca_file);
    if (options_.cert_file) ssl.set_key_store(*options_.cert_file);
    if (options_.key_file) ssl.set_private_key(*options_.key_file);
    ssl.set_enable_server_cert_auth(true);  // the broker's certificate must chain to the CA
    ssl.set_verify(true);                   // and name the host we dialled (SAN)
    ssl.set_error_handler([url = options_.url](const std::string& msg) {
      std::cerr << "vigie: broker TLS handshake failed with " << url << ": "
                << describe_tls_error(msg) << std::endl;
    });
    builder.ssl(std::move(ssl));
  }
  try {
    client->connect(builder.finalize())->wait();
    return true;
  } catch (const mqtt::exception& e) {
    const auto refusal = connack_refusal(e.get_return_code());
    if (!refusal.empty())
      std::cerr << "vigie: the broker " << options_.url << " refused the connection: " << refusal
                << std::endl;
    else
      std::cerr << "vigie: cannot connect to broker " << options_.url << ": " << e.what()
                << std::endl;
    return false;
  }
}

void MqttLink::connect_loop() {
  auto delay = options_.min_retry;
  std::shared_ptr<mqtt::async_client> fresh;
  while (!stopping_) {
    // A client that never connected holds nothing in flight and may try again.
    if (!fresh) fresh = make_client();
    {
      std::lock_guard lock(mu_);
      client_ = fresh;
      lost_ = false;
    }
    if (connect_once(fresh)) {
      delay = options_.min_retry;
      std::unique_lock lock(mu_);
      while (!wake_.wait_for(lock, std::chrono::milliseconds(500),
                             [this] { return stopping_.load() || lost_.load(); })) {
        // Retained messages Paho refused (its in-flight window full): the latest of each
        // topic again. An ack that never goes out would hold a node's journal until its
        // ack timeout.
        auto unsent = std::exchange(unsent_, {});
        lock.unlock();
        for (const auto& [topic, payload] : unsent) publish(topic, payload, true);
        lock.lock();
      }
      if (stopping_) return;
      // Lost: this client is retired and the next connection gets a new one.
      client_.reset();
      lock.unlock();
      retire(std::move(fresh));
      fresh.reset();
    }
    std::unique_lock lock(mu_);
    if (wake_.wait_for(lock, delay, [this] { return stopping_.load(); })) return;
    std::cerr << "vigie: reconnecting to " << options_.url << std::endl;
    delay = std::min(delay * 2, options_.max_retry);
  }
}

void MqttLink::publish(const std::string& topic, const std::string& payload, bool retained) {
  auto client = current();
  if (!client || !connected_) {
    std::cerr << "vigie: not connected, not published: " << topic << std::endl;
    return;
  }
  try {
    client->publish(topic, payload.data(), payload.size(), 1, retained);
    if (retained) {
      std::lock_guard lock(mu_);
      unsent_.erase(topic);  // an older value must not follow this one
    }
  } catch (const mqtt::exception& e) {
    // A retained one is tried again shortly (the latest per topic); all are published
    // again on the next connect. A command is asked again by the node's next message.
    if (retained) {
      std::lock_guard lock(mu_);
      unsent_[topic] = payload;
    } else {
      std::cerr << "vigie: publish to " << topic << " failed: " << e.what() << std::endl;
    }
  }
}

void MqttLink::stop(const std::optional<std::pair<std::string, std::string>>& last,
                    std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (connector_.joinable()) connector_.join();
  auto client = current();
  try {
    if (client && client->is_connected()) {
      if (last)
        client->publish(last->first, last->second.data(), last->second.size(), 1, true)
            ->wait_for(timeout);
      client->disconnect(static_cast<int>(timeout.count()))->wait_for(timeout);
    }
  } catch (const mqtt::exception& e) {
    std::cerr << "vigie: disconnect: " << e.what() << std::endl;
  }
  connected_ = false;
  // A client that lost its connection at the last moment is retired, not destroyed.
  std::shared_ptr<mqtt::async_client> last_client;
  {
    std::lock_guard lock(mu_);
    if (client_ && !client_->is_connected()) last_client = std::move(client_);
  }
  client.reset();
  retire(std::move(last_client));
}

}  // namespace vigie::ingest
