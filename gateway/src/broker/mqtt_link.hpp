// The gateway's one connection to the broker, over Paho MQTT C++ (async).
// Persistent session under a stable client id, QoS 1, subscriptions renewed on
// every (re)connect, reconnect with backoff, a retained Will.
// Messages are handed to the handler on Paho's thread; Paho sends the PUBACK
// only after the handler returns (perf-arch.md sec. 2.1).
//
// publish() never blocks and never calls Paho: it queues the message, and a
// sender thread of the link's own hands it to Paho while connected. Paho's
// library lock is held while a message handler runs (a commit the store
// refuses may hold it for long): only the sender thread may wait for it, never
// the thread that serves HTTP or runs the engine. A retained topic keeps only
// its latest value in the queue (acks coalesce per node), and is sent again at
// most every `retained_every`: a node streaming single events gets one ack a
// few ms instead of one per message, each still a value ingest queued after
// its commit. Other messages (commands) are kept in order up to a bound, the
// oldest dropped past it.
//
// Each connection gets a fresh Paho client object; a client whose connection
// was lost is retired, never reconnected nor destroyed.
//
// A message the store refuses is never acknowledged: the link shuts its broker
// socket from inside Paho's handler (the PUBACK, written after the handler
// returns, cannot leave; the broker keeps the message and the ones after it),
// holds the message, and connects again only once the store took it. One
// disconnect per outage: no missed keepalives, no reconnection churn, and no
// thread of the gateway waits for the store meanwhile. Paho C 1.3.12 (Debian
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
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "broker/inbox.hpp"
#include "broker/outbox.hpp"

namespace mqtt {
class async_client;
}

namespace vigie::broker {

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
  // A retained topic just sent waits this long before its next value goes (the latest
  // then); a topic not sent meanwhile goes at once, so an alert is never delayed.
  std::chrono::milliseconds retained_every{5};
};

class MqttLink : public Outbox {
 public:
  explicit MqttLink(MqttLinkOptions options);
  ~MqttLink() override;

  // Connects in the background, retrying with backoff until it succeeds or stop() is
  // called, and hands INBOX each message and each change of the connection. INBOX
  // outlives the link.
  void start(Inbox& inbox);
  // Publishes LAST (if any) retained, then disconnects, letting in-flight work finish.
  void stop(const std::optional<std::pair<std::string, std::string>>& last,
            std::chrono::milliseconds timeout);
  void publish(const std::string& topic, const std::string& payload, bool retained) override;
  bool connected() const { return connected_; }
  // A message the store refused is held: the link stays away from the broker meanwhile.
  bool holding() const;
  // Messages waiting for the sender, and plain ones dropped for want of room.
  std::size_t queued() const;
  std::uint64_t dropped() const { return dropped_; }

  static constexpr std::size_t kMaxQueuedPlain = 10'000;
  static constexpr std::size_t kMaxQueuedRetained = 100'000;

 private:
  void connect_loop();
  void send_loop();
  // Hands one message to Paho; false if Paho refused it (not connected, window full).
  bool hand_to_paho(const std::string& topic, const std::string& payload, bool retained);
  bool connect_once(const std::shared_ptr<mqtt::async_client>& client);
  std::shared_ptr<mqtt::async_client> make_client();
  bool is_current(const mqtt::async_client* client) const;
  // Shuts the broker socket from inside Paho's handler: the PUBACK cannot leave.
  void refuse_unacknowledged();
  // Stores the held message if there is one; false while the store refuses it.
  bool store_held();
  std::shared_ptr<mqtt::async_client> current() const;

  MqttLinkOptions options_;
  Inbox* inbox_ = nullptr;  // set by start(), before any thread runs
  mutable std::mutex mu_;
  std::shared_ptr<mqtt::async_client> client_;               // guarded by mu_
  std::optional<std::pair<std::string, std::string>> held_;  // refused by the store; mu_
  std::atomic<bool> connected_{false};
  // The outbound queue, guarded by out_mu_: retained topics in the order they were
  // first queued, each with its latest value; plain messages in order.
  mutable std::mutex out_mu_;
  std::condition_variable out_wake_;
  std::deque<std::string> retained_order_;
  std::map<std::string, std::string> retained_;
  std::deque<std::pair<std::string, std::string>> plain_;
  // Retained topics sent less than retained_every ago, oldest first: (when, topic).
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>> recent_;
  std::map<std::string, std::chrono::steady_clock::time_point> recent_at_;
  std::atomic<std::uint64_t> dropped_{0};
  std::thread sender_;
  std::atomic<bool> lost_{false};
  std::atomic<bool> stopping_{false};
  std::thread connector_;
  std::condition_variable wake_;
};

}  // namespace vigie::broker
