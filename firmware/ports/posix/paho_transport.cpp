#include "paho_transport.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "tls_error.hpp"

namespace vigie::posix {
namespace {

constexpr std::size_t kMaxQueuedEvents = 10000;  // acks and commands only: tiny traffic
constexpr std::int64_t kMaxRetryDelayMs = 30000;

bool uses_tls(const std::string& url) {
  return url.rfind("ssl://", 0) == 0 || url.rfind("mqtts://", 0) == 0;
}

// The reasons of the OpenSSL errors queued on this thread, oldest first, and clears them.
std::string pending_tls_error() {
  std::string reasons;
  while (const unsigned long code = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(code);
    if (reason == nullptr) continue;
    if (!reasons.empty()) reasons += "; ";
    reasons += reason;
  }
  return reasons;
}

}  // namespace

PahoTransport::~PahoTransport() {
  // A client whose connection was lost is left alone (see the header).
  MQTTAsync client = client_.load();
  if (client != nullptr && !retired_ && !lost_) MQTTAsync_destroy(&client);
  for (int fd : wake_pipe_)
    if (fd >= 0) ::close(fd);
}

bool PahoTransport::start(const Setup& setup, std::string& error) {
  setup_ = setup;
  if (::pipe2(wake_pipe_, O_NONBLOCK | O_CLOEXEC) != 0) {
    error = "cannot create a pipe";
    return false;
  }
  if (!create_client(error)) return false;
  if (!connect()) {
    error = "cannot connect to " + setup_.broker_url;
    return false;
  }
  return true;
}

bool PahoTransport::create_client(std::string& error) {
  MQTTAsync client = nullptr;
  MQTTAsync_createOptions create = MQTTAsync_createOptions_initializer;
  create.MQTTVersion = MQTTVERSION_3_1_1;
  // No client-side persistence: the journal is the node's memory, and whatever
  // Paho held when the process died is sent again from it.
  int rc = MQTTAsync_createWithOptions(&client, setup_.broker_url.c_str(), setup_.client_id.c_str(),
                                       MQTTCLIENT_PERSISTENCE_NONE, nullptr, &create);
  if (rc != MQTTASYNC_SUCCESS) {
    error = "cannot create an MQTT client for " + setup_.broker_url + " (Paho error " +
            std::to_string(rc) + ")";
    return false;
  }
  MQTTAsync_setCallbacks(client, this, on_connection_lost, on_message, nullptr);
  MQTTAsync_setConnected(client, this, on_connected);
  client_ = client;
  retired_ = false;
  lost_ = false;
  return true;
}

bool PahoTransport::connect() {
  MQTTAsync_willOptions will = MQTTAsync_willOptions_initializer;
  will.topicName = setup_.will_topic.c_str();
  will.message = nullptr;
  will.payload.data = setup_.will_payload.data();
  will.payload.len = static_cast<int>(setup_.will_payload.size());
  will.qos = 1;
  will.retained = 1;

  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  ssl.enableServerCertAuth = 1;  // the broker's certificate must chain to the CA
  ssl.verify = 1;                // and name the host we dialled (SAN)
  auto file = [](const std::string& path) { return path.empty() ? nullptr : path.c_str(); };
  ssl.trustStore = file(setup_.ca_file);
  ssl.keyStore = file(setup_.cert_file);
  ssl.privateKey = file(setup_.key_file);
  ssl.ssl_error_cb = on_tls_error;
  ssl.ssl_error_context = this;

  MQTTAsync_connectOptions options = MQTTAsync_connectOptions_initializer;
  options.MQTTVersion = MQTTVERSION_3_1_1;
  options.keepAliveInterval = 30;
  options.cleansession = 0;        // the broker keeps our subscriptions and queued acks
  options.automaticReconnect = 0;  // ours, on a new client (see the header)
  options.connectTimeout = 10;
  options.will = &will;
  if (!setup_.username.empty()) options.username = setup_.username.c_str();
  if (!setup_.password.empty()) options.password = setup_.password.c_str();
  if (uses_tls(setup_.broker_url)) options.ssl = &ssl;
  options.onSuccess = on_connect_success;
  options.onFailure = on_connect_failure;
  options.context = this;
  connect_failed_ = false;
  if (MQTTAsync_connect(client_, &options) == MQTTASYNC_SUCCESS) return true;
  connect_failed_ = true;
  return false;
}

void PahoTransport::retry_if_needed(std::int64_t now_ms) {
  if (connected_) return;
  if (lost_.exchange(false)) {
    // Retired: leaked on purpose, it never connects again by itself.
    retired_ = true;
    next_retry_ms_ = now_ms;  // try at once, then back off
    retry_delay_ms_ = 1000;
  } else if (!connect_failed_) {
    return;  // a connection attempt is under way
  }
  if (next_retry_ms_ == 0) next_retry_ms_ = now_ms + retry_delay_ms_;
  if (now_ms < next_retry_ms_) return;
  next_retry_ms_ = 0;
  if (retired_) {
    std::string error;
    if (!create_client(error)) {
      std::fprintf(stderr, "vigie-node: %s\n", error.c_str());
      connect_failed_ = true;
      retry_delay_ms_ = std::min(retry_delay_ms_ * 2, kMaxRetryDelayMs);
      return;
    }
  } else {
    retry_delay_ms_ = std::min(retry_delay_ms_ * 2, kMaxRetryDelayMs);
  }
  connect();
}

void PahoTransport::became_connected() {
  // Paho reports some connections twice (the connect's onSuccess and the
  // connected callback): the session needs to hear of each one once.
  if (connected_.exchange(true)) return;
  // Resubscribe every time: if the broker lost our session, nothing else would.
  char* topics[2] = {setup_.ack_topic.data(), setup_.cmd_topic.data()};
  int qos[2] = {1, 1};
  MQTTAsync_subscribeMany(client_, 2, topics, qos, nullptr);
  push(LinkEvent{LinkEvent::Kind::connected, {}, {}});
}

void PahoTransport::on_connect_success(void* context, MQTTAsync_successData*) {
  static_cast<PahoTransport*>(context)->became_connected();
}

void PahoTransport::on_connect_failure(void* context, MQTTAsync_failureData* data) {
  auto* self = static_cast<PahoTransport*>(context);
  const int code = data != nullptr ? data->code : 0;
  const char* refusal = connack_refusal(code);
  // A refusal the broker sends after the handshake (TLS 1.3: our certificate is
  // judged then) reaches no error handler; OpenSSL still holds it on this thread.
  const std::string late_tls =
      uses_tls(self->setup_.broker_url) ? describe_cut_handshake(pending_tls_error()) : "";
  if (!late_tls.empty()) {
    std::fprintf(stderr, "vigie-node: broker TLS handshake failed with %s: %s; retrying\n",
                 self->setup_.broker_url.c_str(), late_tls.c_str());
  } else if (refusal != nullptr) {
    std::fprintf(stderr, "vigie-node: the broker %s refused the connection: %s; retrying\n",
                 self->setup_.broker_url.c_str(), refusal);
  } else if (uses_tls(self->setup_.broker_url)) {
    // OpenSSL's reason is not always left for this thread: say what it can be.
    std::fprintf(stderr,
                 "vigie-node: cannot connect to %s (%s): the broker is unreachable, or it refused "
                 "the TLS handshake (a node certificate not signed by the CA it trusts, or none "
                 "given; or a broker certificate --ca-file does not trust); retrying\n",
                 self->setup_.broker_url.c_str(),
                 data != nullptr && data->message != nullptr ? data->message : "no answer");
  } else {
    std::fprintf(stderr, "vigie-node: cannot connect to %s (%s); retrying\n",
                 self->setup_.broker_url.c_str(),
                 data != nullptr && data->message != nullptr ? data->message : "no answer");
  }
  self->connect_failed_ = true;
}

int PahoTransport::on_tls_error(const char* text, std::size_t length, void* context) {
  auto* self = static_cast<PahoTransport*>(context);
  std::fprintf(stderr, "vigie-node: broker TLS handshake failed with %s: %s\n",
               self->setup_.broker_url.c_str(),
               describe_tls_error(std::string(text, length)).c_str());
  return 1;  // go on with the next queued OpenSSL error
}

void PahoTransport::on_connected(void* context, char*) {
  static_cast<PahoTransport*>(context)->became_connected();
}

void PahoTransport::on_connection_lost(void* context, char*) {
  auto* self = static_cast<PahoTransport*>(context);
  if (!self->connected_.exchange(false)) return;
  self->lost_ = true;
  self->push(LinkEvent{LinkEvent::Kind::lost, {}, {}});
}

int PahoTransport::on_message(void* context, char* topic, int topic_len,
                              MQTTAsync_message* message) {
  auto* self = static_cast<PahoTransport*>(context);
  LinkEvent event;
  event.kind = LinkEvent::Kind::message;
  event.topic =
      topic_len > 0 ? std::string(topic, static_cast<std::size_t>(topic_len)) : std::string(topic);
  event.payload.assign(static_cast<const char*>(message->payload),
                       static_cast<std::size_t>(message->payloadlen));
  self->push(std::move(event));
  MQTTAsync_freeMessage(&message);
  MQTTAsync_free(topic);
  return 1;
}

void PahoTransport::push(LinkEvent event) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (events_.size() >= kMaxQueuedEvents) {
      // Only a stalled main loop gets here; acks are retained and a lost
      // resync is asked again at the next gap, so dropping is survivable.
      ++dropped_events_;
      return;
    }
    events_.push_back(std::move(event));
  }
  char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_pipe_[1], &byte, 1);
}

bool PahoTransport::next_event(LinkEvent& out) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (events_.empty()) return false;
  out = std::move(events_.front());
  events_.pop_front();
  return true;
}

void PahoTransport::drain_wake() {
  char buf[256];
  while (::read(wake_pipe_[0], buf, sizeof buf) > 0) {
  }
}

bool PahoTransport::publish(const char* topic, const std::uint8_t* payload, std::size_t size,
                            int qos, bool retained) {
  if (!connected_) return false;
  MQTTAsync_message message = MQTTAsync_message_initializer;
  message.payload = const_cast<std::uint8_t*>(payload);  // Paho copies it
  message.payloadlen = static_cast<int>(size);
  message.qos = qos;
  message.retained = retained ? 1 : 0;
  MQTTAsync_responseOptions response = MQTTAsync_responseOptions_initializer;
  if (MQTTAsync_sendMessage(client_, topic, &message, &response) != MQTTASYNC_SUCCESS) return false;
  last_token_ = response.token;
  return true;
}

void PahoTransport::stop(int timeout_ms) {
  if (client_ == nullptr || retired_ || lost_) return;
  if (connected_ && last_token_ != 0) MQTTAsync_waitForCompletion(client_, last_token_, timeout_ms);
  MQTTAsync_disconnectOptions options = MQTTAsync_disconnectOptions_initializer;
  options.timeout = timeout_ms;
  if (MQTTAsync_disconnect(client_, &options) != MQTTASYNC_SUCCESS) return;
  // The disconnect completes on Paho's thread; give it the same time.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (MQTTAsync_isConnected(client_) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  connected_ = false;
}

}  // namespace vigie::posix
