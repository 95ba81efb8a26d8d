// A small blocking HTTP/1.1 client over loopback, for the in-process server tests.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/http_types.hpp"

namespace vigie::api::test {

class TestClient {
 public:
  // Connects to 127.0.0.1:PORT; every operation gives up after five seconds.
  explicit TestClient(std::uint16_t port);

  // Sends one request on the connection and reads the answer. TOKEN, when given, goes in
  // Authorization: Bearer.
  Response request(http::verb method, std::string_view target, std::string_view token = {},
                   std::string body = {});
  Response send(Request req);

  // Sends REQ without waiting for an answer.
  void write(Request req);

  // Writes BYTES as they are (for malformed requests) and reads an answer.
  Response send_raw(std::string_view bytes);

  // True when the server has closed the connection (a read ends with end of stream or reset).
  bool closed_by_server();

 private:
  Response read();

  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

// One request on a fresh connection.
Response fetch(std::uint16_t port, http::verb method, std::string_view target,
               std::string_view token = {});

}  // namespace vigie::api::test
