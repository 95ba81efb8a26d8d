#include "api/http_session.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <exception>
#include <string>
#include <utility>

#include "api/json_response.hpp"

namespace vigie::api {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Lingering close bounds: enough for a rejected upload in flight, not a way to hold a socket.
constexpr std::size_t kMaxDrainBytes = std::size_t{1024} * 1024;
constexpr std::chrono::seconds kMaxDrainTime{2};

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == beast::error_code(http::error::bad_target).category();
}

// Which part of the request is malformed, in our words (not Beast's error names).
std::string malformed_part(const beast::error_code& ec) {
  if (ec == http::error::bad_method || ec == http::error::bad_target ||
      ec == http::error::bad_version)
    return "malformed HTTP request: its first line (method, path, version) cannot be read";
  if (ec == http::error::bad_field || ec == http::error::bad_value ||
      ec == http::error::bad_obs_fold || ec == http::error::bad_line_ending)
    return "malformed HTTP request: a header line cannot be read";
  if (ec == http::error::bad_content_length || ec == http::error::bad_transfer_encoding ||
      ec == http::error::bad_chunk || ec == http::error::bad_chunk_extension)
    return "malformed HTTP request: the body's length or chunking cannot be read";
  return "malformed HTTP request";
}

}  // namespace

HttpSession::HttpSession(ApiStream&& stream, std::shared_ptr<ServerState> state)
    : stream_(std::move(stream)), state_(std::move(state)) {
  beast::error_code ec;
  const auto peer = stream_.next_layer().socket().remote_endpoint(ec);
  client_ = ec ? std::string("-") : peer.address().to_string();
}

HttpSession::~HttpSession() {
  const std::lock_guard lock(state_->mutex);
  state_->sessions.erase(id_);
}

void HttpSession::run() {
  {
    const std::lock_guard lock(state_->mutex);
    id_ = ++state_->next_session_id;
    state_->sessions.emplace(id_, weak_from_this());
  }
  // Accepted while stop() ran: stop() set the flag before reading the roll, so we see it.
  if (state_->stopping) {
    close();
    return;
  }
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&HttpSession::begin, shared_from_this()));
}

void HttpSession::begin() {
  auto* tls = stream_.tls();
  if (tls == nullptr) return read_request();
  stream_.next_layer().expires_after(state_->options.timeout);
  tls->async_handshake(asio::ssl::stream_base::server,
                       beast::bind_front_handler(&HttpSession::on_handshake, shared_from_this()));
}

void HttpSession::on_handshake(beast::error_code ec) {
  if (ec) {
    // Plain HTTP on the HTTPS port, a scanner, a client refusing our certificate: no request
    // to log, but the operator should see why connections fail.
    if (ec != asio::error::operation_aborted && !close_requested_) {
      state_->log("https handshake failed from " + client_ + ": " + ec.message());
    }
    return shut();
  }
  if (close_requested_) return shut();
  read_request();
}

void HttpSession::close() {
  asio::post(stream_.get_executor(),
             beast::bind_front_handler(&HttpSession::on_close_requested, shared_from_this()));
}

void HttpSession::read_request() {
  parser_.emplace();
  parser_->body_limit(state_->options.body_limit);
  stream_.next_layer().expires_after(state_->options.timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (handed_over_) return;
  started_ = std::chrono::steady_clock::now();
  if (close_requested_ || ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == asio::error::operation_aborted) {
    return shut();
  }
  // Set as soon as the request line is parsed, so a 413 raised at the headers still names them;
  // empty if the line itself was bad.
  method_ = to_std(parser_->get().method_string());
  target_ = to_std(parser_->get().target());
  if (ec == http::error::body_limit) {
    return reply(error_response(http::status::payload_too_large, "payload_too_large",
                                "request body exceeds " +
                                    std::to_string(state_->options.body_limit) + " bytes"),
                 false, true);
  }
  if (ec == http::error::header_limit) {
    return reply(error_response(http::status::request_header_fields_too_large, "headers_too_large",
                                "request headers are too large"),
                 false, true);
  }
  if (ec && is_parse_error(ec)) {
    return reply(error_response(http::status::bad_request, "bad_request", malformed_part(ec)),
                 false, true);
  }
  if (ec) return shut();  // reset by peer and the like: nobody to answer
  answer(parser_->release());
}

void HttpSession::answer(Request&& request) {
  const bool keep_alive = request.keep_alive() && !state_->stopping;
  if (beast::websocket::is_upgrade(request)) {
    if (state_->upgrade) {
      // Extension point for /api/v1/live: the hook owns the connection from here.
      handed_over_ = true;
      state_->upgrade(std::move(stream_), std::move(request));
      return;
    }
    return reply(error_response(http::status::not_implemented, "not_implemented",
                                "WebSocket is not available on this gateway yet"),
                 false, false);
  }
  Response res;
  try {
    res = state_->handler(request, client_);
  } catch (const std::exception& e) {
    state_->log(std::string("http handler failed: ") + e.what());
    res = error_response(http::status::internal_server_error, "internal",
                         "internal error; the gateway log has details");
  } catch (...) {
    state_->log("http handler failed with a non-standard exception");
    res = error_response(http::status::internal_server_error, "internal",
                         "internal error; the gateway log has details");
  }
  res.version(request.version());
  reply(std::move(res), keep_alive, false);
}

void HttpSession::reply(Response&& res, bool keep_alive, bool linger) {
  response_.emplace(std::move(res));
  response_->keep_alive(keep_alive);
  response_->prepare_payload();
  writing_ = true;
  stream_.next_layer().expires_after(state_->options.timeout);
  http::async_write(
      stream_, *response_,
      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive, linger));
}

void HttpSession::on_write(bool keep_alive, bool linger, beast::error_code ec, std::size_t) {
  writing_ = false;
  log_reply(response_->result_int());
  response_.reset();
  if (ec || close_requested_) return shut();
  if (linger) return this->linger();
  if (!keep_alive) return end_tls();
  read_request();
}

void HttpSession::log_reply(unsigned status) {
  state_->log(
      format_request_log(method_, target_, status, std::chrono::steady_clock::now() - started_));
}

void HttpSession::linger() {
  // Closing with unread input makes the kernel send a reset, which can destroy the answer
  // before the client reads it; so stop sending, then read and discard for a short while.
  // Over TLS the discarded bytes are read below the TLS layer: they are thrown away anyway.
  beast::tcp_stream& lowest = stream_.next_layer();
  beast::error_code ec;
  lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
  lowest.expires_after(
      std::min<std::chrono::steady_clock::duration>(kMaxDrainTime, state_->options.timeout));
  lowest.async_read_some(asio::buffer(drain_buffer_),
                         beast::bind_front_handler(&HttpSession::on_drain, shared_from_this()));
}

void HttpSession::on_drain(beast::error_code ec, std::size_t bytes) {
  drained_ += bytes;
  if (ec || close_requested_ || drained_ > kMaxDrainBytes) return shut();
  stream_.next_layer().async_read_some(
      asio::buffer(drain_buffer_),
      beast::bind_front_handler(&HttpSession::on_drain, shared_from_this()));
}

void HttpSession::on_close_requested() {
  close_requested_ = true;
  if (handed_over_) return;
  // A response being written is let through; on_write then shuts the connection.
  if (!writing_) shut();
}

void HttpSession::end_tls() {
  auto* tls = stream_.tls();
  if (tls == nullptr) return shut();
  // close_notify, so the client knows the answer was not cut short; bounded like a request.
  stream_.next_layer().expires_after(
      std::min<std::chrono::steady_clock::duration>(kMaxDrainTime, state_->options.timeout));
  tls->async_shutdown([self = shared_from_this()](beast::error_code) { self->shut(); });
}

void HttpSession::shut() {
  if (handed_over_) return;
  beast::tcp_stream& lowest = stream_.next_layer();
  beast::error_code ec;
  lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
  lowest.close();
}

}  // namespace vigie::api
