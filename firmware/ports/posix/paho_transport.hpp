// The node's MQTT link over Paho C (MQTTAsync): a persistent session
// (clean_session false) under a stable client id, the Will set to "lost",
// ack and cmd subscribed on every connect, reconnect with backoff.
//
// Each connection gets a fresh Paho client; one whose connection was lost is
// retired, never reconnected nor destroyed. Paho C 1.3.12 (Debian bookworm)
// frees the topic and payload of a QoS 1 publish whose first write fails on a
// dying socket but keeps the message for retry: the same client would send
// freed memory after reconnecting (the gateway then quarantines garbage, or
// the broker drops the connection as malformed, again and again), and
// destroying it would free that memory twice. The journal re-sends whatever
// was in flight, so nothing needs Paho's own retry.
//
// Paho calls back on its own thread. Those callbacks only queue what happened;
// the main loop takes it with next_event() and drives the session, which is
// single-threaded. (Calling the session from a callback would also invert
// lock order against publish(), which takes Paho's lock.)
#pragma once

#include <MQTTAsync.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace vigie::posix {

struct LinkEvent {
  enum class Kind { connected, lost, message } kind = Kind::message;
  std::string topic;
  std::string payload;
};

class PahoTransport {
 public:
  struct Setup {
    std::string broker_url;
    std::string client_id;
    std::string will_topic;
    std::string will_payload;
    std::string ack_topic;
    std::string cmd_topic;
    // ssl:// only; empty: not given (the CA then defaults to the system's).
    std::string ca_file, cert_file, key_file;
    std::string username, password;  // empty: none
  };

  PahoTransport() = default;
  PahoTransport(const PahoTransport&) = delete;
  PahoTransport& operator=(const PahoTransport&) = delete;
  ~PahoTransport();

  // Creates the client and starts connecting; false (with `error`) if the URL
  // or options are refused outright. A broker that is down is not an error.
  bool start(const Setup& setup, std::string& error);
  // Connects again, with backoff, when the broker was not there or the
  // connection was lost (then on a new client). Called from the main loop.
  void retry_if_needed(std::int64_t now_ms);

  // ---- the Transport port ----
  bool publish(const char* topic, const std::uint8_t* payload, std::size_t size, int qos,
               bool retained);
  bool connected() const { return connected_; }

  // The next thing that happened on Paho's thread, if any.
  bool next_event(LinkEvent& out);
  // Readable whenever an event is queued: poll() it to wake the main loop.
  int wake_fd() const { return wake_pipe_[0]; }
  void drain_wake();

  // Waits (up to `timeout_ms`) for queued publishes to go out, then disconnects
  // cleanly, so the broker discards the Will.
  void stop(int timeout_ms);

 private:
  static void on_connect_success(void* context, MQTTAsync_successData* data);
  static void on_connect_failure(void* context, MQTTAsync_failureData* data);
  static void on_connected(void* context, char* cause);
  static void on_connection_lost(void* context, char* cause);
  static int on_message(void* context, char* topic, int topic_len, MQTTAsync_message* message);
  static int on_tls_error(const char* text, std::size_t length, void* context);

  bool create_client(std::string& error);
  bool connect();
  void became_connected();
  void push(LinkEvent event);

  // Swapped by the main loop only while no connection is up; read by callbacks.
  std::atomic<MQTTAsync> client_{nullptr};
  Setup setup_;
  std::atomic<bool> connected_{false};
  std::atomic<bool> lost_{false};  // the current client's connection was lost
  std::atomic<bool> connect_failed_{false};
  bool retired_ = false;  // the current client may hold freed messages
  MQTTAsync_token last_token_ = 0;
  std::int64_t next_retry_ms_ = 0;
  std::int64_t retry_delay_ms_ = 1000;

  std::mutex mutex_;
  std::deque<LinkEvent> events_;
  std::size_t dropped_events_ = 0;
  int wake_pipe_[2] = {-1, -1};
};

}  // namespace vigie::posix
