#include "broker/mqtt_link.hpp"

#include <mqtt/async_client.h>

#include <algorithm>
#include <iostream>
#include <utility>

#include "broker/broker_refusal.hpp"
#include "broker/tcp_nodelay.hpp"

namespace vigie::broker {
namespace {

// A retired client may hold a message whose memory Paho already freed (see the
// header): it is made inert and deliberately never destroyed. Its handlers
// also check that they belong to the current client (make_client), since
// disable_callbacks() is refused while Paho still closes the connection.
void retire(std::shared_ptr<mqtt::async_client> client) {
  if (!client) return;
  try {
    client->set_connected_handler([](const std::string&) {});
    client->set_connection_lost_handler([](const std::string&) {});
    client->disable_callbacks();
  } catch (const mqtt::exception&) {
  }
  new std::shared_ptr<mqtt::async_client>(std::move(client));  // leaked on purpose
}

}  // namespace

MqttLink::MqttLink(MqttLinkOptions options) : options_(std::move(options)) {}

MqttLink::~MqttLink() {
  stopping_ = true;
  wake_.notify_all();
  out_wake_.notify_all();
  if (connector_.joinable()) connector_.join();
  if (sender_.joinable()) sender_.join();
}

std::shared_ptr<mqtt::async_client> MqttLink::make_client() {
  auto client = std::make_shared<mqtt::async_client>(options_.url, options_.client_id);
  mqtt::async_client* raw = client.get();
  client->set_message_callback([this, raw](mqtt::const_message_ptr msg) {
    // Paho sends the PUBACK once this returns, whatever it returns. A message the store
    // did not take must not be acknowledged: the socket is shut first, so the PUBACK
    // cannot leave; the message is held and no connection is made until it is stored.
    // A message after a refused one (the broker sent it before seeing the socket go)
    // meets the same shut socket. Nothing may unwind into Paho's C frames.
    if (!is_current(raw)) return refuse_unacknowledged();
    {
      std::lock_guard lock(mu_);
      if (held_) return refuse_unacknowledged();
    }
    if (inbox_->take(msg->get_topic(), msg->get_payload_str())) return;
    {
      std::lock_guard lock(mu_);
      held_ = std::make_pair(msg->get_topic(), msg->get_payload_str());
    }
    refuse_unacknowledged();
  });
  client->set_connected_handler([this, raw](const std::string&) {
    if (!is_current(raw)) return;  // a client retired since (Paho reconnects on its own)
    // Alerts and acks are small messages sent right after others: no Nagle delay.
    if (const auto port = broker_port(options_.url)) set_nodelay_to_port(*port);
    connected_ = true;
    out_wake_.notify_all();
    inbox_->link_status(true);
    // Renewed every time: the broker may have lost the session (restart, expiry).
    std::vector<int> qos(options_.subscriptions.size(), 1);
    try {
      raw->subscribe(mqtt::string_collection::create(options_.subscriptions), qos);
    } catch (const std::exception& e) {
      std::cerr << "vigie: subscribe failed: " << e.what() << std::endl;
    }
    inbox_->connected();
  });
  client->set_connection_lost_handler([this, raw](const std::string& cause) {
    if (!is_current(raw)) return;
    connected_ = false;
    inbox_->link_status(false);
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

bool MqttLink::is_current(const mqtt::async_client* client) const {
  std::lock_guard lock(mu_);
  return client_.get() == client;
}

void MqttLink::refuse_unacknowledged() {
  if (const auto port = broker_port(options_.url)) shut_down_to_port(*port);
}

bool MqttLink::holding() const {
  std::lock_guard lock(mu_);
  return held_.has_value();
}

std::shared_ptr<mqtt::async_client> MqttLink::current() const {
  std::lock_guard lock(mu_);
  return client_;
}

void MqttLink::start(Inbox& inbox) {
  inbox_ = &inbox;
  connector_ = std::thread([this] { connect_loop(); });
  sender_ = std::thread([this] { send_loop(); });
}

bool MqttLink::connect_once(const std::shared_ptr<mqtt::async_client>& client) {
  // MQTT 3.1.1 pinned: left at its default, Paho C 1.3.12 reconnects a lost client by
  // itself once, as MQTT 3.1, even with automatic reconnect off, and that client would
  // take the session back from the next one (docs/architecture.md, "Broker link").
  auto builder = mqtt::connect_options_builder()
                     .mqtt_version(MQTTVERSION_3_1_1)
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
    // A message the store refused is stored before anything more is taken from the broker.
    if (!store_held()) {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_.load(); });
      continue;
    }
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
      wake_.wait(lock, [this] { return stopping_.load() || lost_.load(); });
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

bool MqttLink::store_held() {
  std::optional<std::pair<std::string, std::string>> held;
  {
    std::lock_guard lock(mu_);
    held = held_;
  }
  if (!held) return true;
  if (!inbox_->take(held->first, held->second)) return false;
  std::lock_guard lock(mu_);
  held_.reset();
  return true;
}

void MqttLink::publish(const std::string& topic, const std::string& payload, bool retained) {
  {
    std::lock_guard lock(out_mu_);
    if (retained) {
      auto [it, fresh] = retained_.try_emplace(topic, payload);
      if (!fresh) {
        it->second = payload;  // an older value must not follow this one
      } else if (retained_.size() > kMaxQueuedRetained) {
        retained_.erase(it);
        ++dropped_;
        return;
      } else {
        retained_order_.push_back(topic);
      }
    } else {
      if (plain_.size() >= kMaxQueuedPlain) {
        plain_.pop_front();  // a command asked again by the node's next message
        ++dropped_;
      }
      plain_.emplace_back(topic, payload);
    }
  }
  out_wake_.notify_one();
}

std::size_t MqttLink::queued() const {
  std::lock_guard lock(out_mu_);
  return retained_.size() + plain_.size();
}

bool MqttLink::hand_to_paho(const std::string& topic, const std::string& payload, bool retained) {
  auto client = current();
  if (!client || !connected_) return false;
  try {
    client->publish(topic, payload.data(), payload.size(), 1, retained);
    return true;
  } catch (const mqtt::exception&) {
    return false;
  }
}

void MqttLink::send_loop() {
  using Clock = std::chrono::steady_clock;
  std::unique_lock lock(out_mu_);
  // The first queued retained topic not sent in the last retained_every, or end().
  auto ready_retained = [this](Clock::time_point now) {
    while (!recent_.empty() && now - recent_.front().first >= options_.retained_every) {
      auto it = recent_at_.find(recent_.front().second);
      if (it != recent_at_.end() && it->second == recent_.front().first) recent_at_.erase(it);
      recent_.pop_front();
    }
    return std::find_if(retained_order_.begin(), retained_order_.end(),
                        [this](const std::string& t) { return recent_at_.count(t) == 0; });
  };
  while (!stopping_) {
    // Connection changes notify without this lock: look again at least every 200 ms.
    auto next = retained_order_.end();
    for (;;) {
      if (stopping_) return;
      const auto now = Clock::now();
      next = ready_retained(now);
      if (connected_ && (next != retained_order_.end() || !plain_.empty())) break;
      auto wait = std::chrono::milliseconds(200);
      // Held back only by retained_every: wake when the oldest recent send expires.
      if (connected_ && !retained_order_.empty() && !recent_.empty())
        wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(
                                  recent_.front().first + options_.retained_every - now));
      out_wake_.wait_for(lock, wait);
    }
    // One message at a time, without the queue's lock while Paho may keep us waiting.
    std::string topic, payload;
    bool retained = false;
    if (next != retained_order_.end()) {
      topic = std::move(*next);
      retained_order_.erase(next);
      auto it = retained_.find(topic);
      payload = std::move(it->second);
      retained_.erase(it);
      retained = true;
    } else {
      std::tie(topic, payload) = std::move(plain_.front());
      plain_.pop_front();
    }
    lock.unlock();
    const bool sent = hand_to_paho(topic, payload, retained);
    lock.lock();
    if (sent) {
      if (retained && options_.retained_every.count() > 0) {
        const auto at = Clock::now();
        recent_.emplace_back(at, topic);
        recent_at_[topic] = at;
      }
      continue;
    }
    // Refused (the connection went, Paho's window is full): back in the queue unless a newer
    // value came meanwhile, and a short pause before trying again.
    if (retained) {
      if (retained_.try_emplace(topic, std::move(payload)).second)
        retained_order_.push_front(topic);
    } else {
      plain_.emplace_front(std::move(topic), std::move(payload));
    }
    out_wake_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stopping_.load(); });
  }
}

void MqttLink::stop(const std::optional<std::pair<std::string, std::string>>& last,
                    std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  out_wake_.notify_all();
  if (connector_.joinable()) connector_.join();
  if (sender_.joinable()) sender_.join();
  auto client = current();
  try {
    // is_connected() waits for a message handler in progress (it takes Paho's lock). A message
    // the store refused is then held and its socket shut, though Paho may still call the
    // connection up: no goodbye on it (a publish there waits out its timeout; the broker
    // publishes the Will).
    if (client && client->is_connected() && !holding()) {
      if (last)
        client->publish(last->first, last->second.data(), last->second.size(), 1, true)
            ->wait_for(timeout);
      client->disconnect(static_cast<int>(timeout.count()))->wait_for(timeout);
    }
  } catch (const mqtt::exception& e) {
    std::cerr << "vigie: disconnect: " << e.what() << std::endl;
  }
  connected_ = false;
  // A client that lost its connection at the last moment, or whose socket was shut on a
  // refused message, is retired, not destroyed. Paho's lock is never taken under mu_ (its
  // handlers take mu_ under Paho's lock).
  std::shared_ptr<mqtt::async_client> last_client;
  if (client && (holding() || !client->is_connected())) {
    std::lock_guard lock(mu_);
    if (client_ == client) last_client = std::move(client_);
  }
  client.reset();
  retire(std::move(last_client));
}

}  // namespace vigie::broker
