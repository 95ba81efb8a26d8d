// The byte stream under one API connection: plain TCP, or TLS over TCP when the gateway has
// `http.tls` configured. HTTP sessions and the live WebSocket are written once against it.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <optional>
#include <utility>

namespace vigie::api {

class ApiStream {
 public:
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  using executor_type = boost::beast::tcp_stream::executor_type;
  using next_layer_type = boost::beast::tcp_stream;

  // A plain connection.
  explicit ApiStream(boost::beast::tcp_stream&& tcp) : plain_(std::move(tcp)) {}
  // A TLS connection that still needs its server handshake (tls()->async_handshake).
  ApiStream(boost::beast::tcp_stream&& tcp, boost::asio::ssl::context& tls)
      : tls_(std::in_place, std::move(tcp), tls) {}

  // TLS's layer, or null on a plain connection.
  TlsStream* tls() { return tls_ ? &*tls_ : nullptr; }

  // The TCP stream underneath: timeouts, shutdown, close. Beast's get_lowest_layer finds it.
  boost::beast::tcp_stream& next_layer() { return tls_ ? tls_->next_layer() : *plain_; }

  executor_type get_executor() { return next_layer().get_executor(); }

  // Beast's AsyncReadStream and AsyncWriteStream, for callback handlers.
  template <class MutableBuffers, class ReadHandler>
  void async_read_some(const MutableBuffers& buffers, ReadHandler&& handler) {
    if (tls_) {
      tls_->async_read_some(buffers, std::forward<ReadHandler>(handler));
    } else {
      plain_->async_read_some(buffers, std::forward<ReadHandler>(handler));
    }
  }
  template <class ConstBuffers, class WriteHandler>
  void async_write_some(const ConstBuffers& buffers, WriteHandler&& handler) {
    if (tls_) {
      tls_->async_write_some(buffers, std::forward<WriteHandler>(handler));
    } else {
      plain_->async_write_some(buffers, std::forward<WriteHandler>(handler));
    }
  }

  // How a WebSocket over this stream ends its connection (found by Beast through ADL).
  friend void teardown(boost::beast::role_type role, ApiStream& s, boost::beast::error_code& ec) {
    using boost::beast::websocket::teardown;
    if (s.tls_) {
      teardown(role, *s.tls_, ec);
    } else {
      teardown(role, *s.plain_, ec);
    }
  }
  template <class TeardownHandler>
  friend void async_teardown(boost::beast::role_type role, ApiStream& s,
                             TeardownHandler&& handler) {
    using boost::beast::websocket::async_teardown;
    if (s.tls_) {
      async_teardown(role, *s.tls_, std::forward<TeardownHandler>(handler));
    } else {
      async_teardown(role, *s.plain_, std::forward<TeardownHandler>(handler));
    }
  }

 private:
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<TlsStream> tls_;
};

}  // namespace vigie::api
