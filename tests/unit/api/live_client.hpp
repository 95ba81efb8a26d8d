// A WebSocket client over loopback for the live hub tests: Beast's own client, driven one
// operation at a time so every wait has a guard against a hung test.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace vigie::api::test {

struct LiveClientOptions {
  std::string token;
  bool token_as_subprotocol = false;  // as a browser does; else Authorization: Bearer
  std::optional<int> receive_buffer = std::nullopt;  // SO_RCVBUF, to fill up sooner
};

class LiveClient {
 public:
  // Connects to 127.0.0.1:PORT and upgrades /api/v1/live; throws boost::system::system_error
  // if the server refuses.
  LiveClient(std::uint16_t port, LiveClientOptions options);

  // The next text message, parsed.
  nlohmann::json read();
  void write(const std::string& text);

  // Reads until the connection ends; the close code the server sent (0 if none).
  int read_until_closed();

  const boost::beast::websocket::response_type& handshake() const { return handshake_; }
  int pings() const { return pings_; }

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  boost::beast::websocket::response_type handshake_;
  int pings_ = 0;
};

}  // namespace vigie::api::test
