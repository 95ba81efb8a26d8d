// One client of GET /api/v1/live: the handshake (or its refusal), the write pump fed by its
// LiveOutbox, and a read loop that keeps control frames (ping, pong, close) flowing. All
// socket work runs on the connection's strand. Internal to LiveHub.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "api/api_stream.hpp"
#include "api/http_types.hpp"
#include "api/live_outbox.hpp"
#include "api/request_log.hpp"

namespace vigie::api {

struct LiveHubCore;

class LiveSession : public std::enable_shared_from_this<LiveSession> {
 public:
  LiveSession(ApiStream&& stream, std::shared_ptr<LiveHubCore> core);
  ~LiveSession();
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  // Checks REQUEST, then accepts the WebSocket or answers a JSON refusal. Once, on the strand
  // (the upgrade hook runs there).
  void start(Request&& request);

  // From any thread: queue a message (the pseudonymised text for an auditor).
  void offer(const SharedText& clear, const SharedText& pseudonymised);
  bool wants_pseudonyms() const { return pseudonymised_; }

  // From any thread: a close handshake (1001 going away), then the end.
  void close();

  OutboxCounters counters() const { return outbox_.counters(); }

 private:
  void refuse(Response&& res);
  void on_refused(boost::beast::error_code ec, std::size_t bytes);
  void on_accept(boost::beast::error_code ec);
  void pump();
  void send(SharedText text);
  void on_write(SharedText text, boost::beast::error_code ec, std::size_t bytes);
  SharedText build_snapshot();
  void read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void on_close_requested();
  void log_handshake(unsigned status);

  boost::beast::websocket::stream<ApiStream> ws_;
  std::shared_ptr<LiveHubCore> core_;
  std::string client_;  // the peer's IP address, for the auth throttle
  std::uint64_t id_ = 0;
  bool pseudonymised_ = false;
  std::string target_;
  std::chrono::steady_clock::time_point started_;
  LiveOutbox outbox_;
  std::optional<Request> upgrade_;   // lives until the handshake completes
  std::optional<Response> refusal_;  // lives until written
  boost::beast::flat_buffer read_buffer_;
  bool open_ = false;     // the handshake succeeded and no close began
  bool closing_ = false;  // a close was started or the connection failed
};

}  // namespace vigie::api
