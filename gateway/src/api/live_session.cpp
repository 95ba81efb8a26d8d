#include "api/live_session.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <exception>
#include <nlohmann/json.hpp>

#include "api/json_response.hpp"
#include "api/live_handshake.hpp"
#include "api/live_hub_core.hpp"

namespace vigie::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

// What a client may send: a request for a fresh snapshot; anything longer is a protocol error.
constexpr std::size_t kMaxClientMessage = 4096;

}  // namespace

LiveSession::LiveSession(ApiStream&& stream, std::shared_ptr<LiveHubCore> core)
    : ws_(std::move(stream)), core_(std::move(core)), outbox_(core_->options.limits) {
  beast::error_code ec;
  const auto peer = beast::get_lowest_layer(ws_).socket().remote_endpoint(ec);
  client_ = ec ? std::string("-") : peer.address().to_string();
}

LiveSession::~LiveSession() {
  if (id_ != 0) core_->leave(id_, outbox_.counters());
}

void LiveSession::start(Request&& request) {
  started_ = std::chrono::steady_clock::now();
  target_ = std::string(to_std(request.target()));
  if (target_path(target_) != "/api/v1/live") {
    return refuse(error_response(http::status::not_found, "not_found",
                                 "no WebSocket at this path; the live feed is /api/v1/live"));
  }
  if (core_->closing) {
    return refuse(error_response(http::status::service_unavailable, "unavailable",
                                 "the gateway is stopping"));
  }
  LiveAccess access;
  if (core_->options.throttle != nullptr) {
    access.decision = core_->options.throttle->guard(client_, [&] {
      LiveAccess checked = check_live_access(request, core_->auth);
      access.echo_bearer = checked.echo_bearer;
      return std::move(checked.decision);
    });
  } else {
    access = check_live_access(request, core_->auth);
  }
  if (!access.decision.allowed()) return refuse(std::move(*access.decision.denial));
  {
    const std::lock_guard lock(core_->mutex);
    if (core_->sessions.size() >= core_->options.max_clients) {
      return refuse(error_response(http::status::service_unavailable, "too_many_clients",
                                   "this gateway already serves " +
                                       std::to_string(core_->options.max_clients) +
                                       " live clients; try again later"));
    }
  }
  pseudonymised_ = Pseudonymiser::applies_to(access.decision.principal->role);

  // From here the WebSocket's own timeouts and keep-alive pings govern the connection.
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout{core_->options.handshake_timeout,
                                                 core_->options.idle_timeout, true});
  const bool echo = access.echo_bearer;
  ws_.set_option(websocket::stream_base::decorator([echo](websocket::response_type& res) {
    res.set(http::field::server, "vigie");
    if (echo) res.set(http::field::sec_websocket_protocol, "bearer");
  }));
  ws_.read_message_max(kMaxClientMessage);
  ws_.text(true);
  upgrade_.emplace(std::move(request));
  ws_.async_accept(*upgrade_,
                   beast::bind_front_handler(&LiveSession::on_accept, shared_from_this()));
}

void LiveSession::refuse(Response&& res) {
  refusal_.emplace(std::move(res));
  refusal_->version(11);
  refusal_->keep_alive(false);
  refusal_->prepare_payload();
  beast::get_lowest_layer(ws_).expires_after(core_->options.handshake_timeout);
  http::async_write(ws_.next_layer(), *refusal_,
                    beast::bind_front_handler(&LiveSession::on_refused, shared_from_this()));
}

void LiveSession::on_refused(beast::error_code, std::size_t) {
  log_handshake(refusal_->result_int());
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  beast::get_lowest_layer(ws_).close();
}

void LiveSession::on_accept(beast::error_code ec) {
  upgrade_.reset();
  if (ec) {
    // Beast has answered a malformed upgrade with 400 itself.
    log_handshake(400);
    return;
  }
  log_handshake(101);
  open_ = true;
  id_ = core_->join(shared_from_this());
  if (id_ == 0) return on_close_requested();  // the hub closed during the handshake
  if (outbox_.owe_snapshot()) pump();
  read();
}

void LiveSession::offer(const SharedText& clear, const SharedText& pseudonymised) {
  if (outbox_.offer(pseudonymised_ ? pseudonymised : clear)) {
    asio::post(ws_.get_executor(),
               beast::bind_front_handler(&LiveSession::pump, shared_from_this()));
  }
}

void LiveSession::pump() {
  LiveOutbox::Next next = outbox_.take();
  switch (next.kind) {
    case LiveOutbox::Next::Kind::idle:
      return;
    case LiveOutbox::Next::Kind::message:
      return send(std::move(next.message));
    case LiveOutbox::Next::Kind::snapshot:
      if (SharedText text = build_snapshot()) send(std::move(text));
      return;
  }
}

SharedText LiveSession::build_snapshot() {
  try {
    nlohmann::json snapshot = core_->snapshot();
    if (pseudonymised_) snapshot = core_->pseudonyms.message(std::move(snapshot));
    core_->snapshots_sent += 1;
    return serialise(snapshot);
  } catch (const std::exception& e) {
    core_->options.log(std::string("live snapshot failed: ") + e.what());
  } catch (...) {
    core_->options.log("live snapshot failed with a non-standard exception");
  }
  // Without a snapshot the client's view would be wrong; let it reconnect instead.
  closing_ = true;
  outbox_.close();
  ws_.async_close(websocket::close_code::internal_error,
                  [self = shared_from_this()](beast::error_code) {});
  return nullptr;
}

void LiveSession::send(SharedText text) {
  // TEXT rides along with the handler: the buffer must live until the write completes.
  const auto buffer = asio::buffer(*text);
  ws_.async_write(buffer, beast::bind_front_handler(&LiveSession::on_write, shared_from_this(),
                                                    std::move(text)));
}

void LiveSession::on_write(SharedText, beast::error_code ec, std::size_t) {
  if (ec) {
    closing_ = true;
    outbox_.close();
    return;
  }
  pump();
}

void LiveSession::read() {
  ws_.async_read(read_buffer_,
                 beast::bind_front_handler(&LiveSession::on_read, shared_from_this()));
}

void LiveSession::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    // Closed by either side, timed out after an unanswered ping, or broken: the end.
    closing_ = true;
    outbox_.close();
    return;
  }
  const auto message =
      nlohmann::json::parse(beast::buffers_to_string(read_buffer_.data()), nullptr, false);
  read_buffer_.consume(read_buffer_.size());
  // {"type":"snapshot"}: the client wants to start over (e.g. a tab that was asleep).
  if (message.is_object() && message.value("type", "") == "snapshot" && outbox_.owe_snapshot()) {
    pump();
  }
  read();
}

void LiveSession::close() {
  asio::post(ws_.get_executor(),
             beast::bind_front_handler(&LiveSession::on_close_requested, shared_from_this()));
}

void LiveSession::on_close_requested() {
  if (closing_) return;
  closing_ = true;
  outbox_.close();
  if (!open_) {
    beast::get_lowest_layer(ws_).close();  // cancels a handshake in progress
    return;
  }
  ws_.async_close(websocket::close_code::going_away,
                  [self = shared_from_this()](beast::error_code) {});
}

void LiveSession::log_handshake(unsigned status) {
  core_->options.log(
      format_request_log("GET", target_, status, std::chrono::steady_clock::now() - started_));
}

}  // namespace vigie::api
