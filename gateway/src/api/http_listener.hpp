// The accept loop: one HttpSession per connection. Internal to HttpServer.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "api/server_state.hpp"

namespace vigie::api {

class HttpListener : public std::enable_shared_from_this<HttpListener> {
 public:
  HttpListener(boost::asio::io_context& ioc, std::shared_ptr<ServerState> state);

  // Binds HOST:PORT and listens, synchronously so the caller learns of a taken port at once.
  // Returns the bound port. Throws std::system_error naming the address.
  std::uint16_t listen(const std::string& host, std::uint16_t port);

  // Starts accepting; connections are served on the io_context's threads.
  void accept();

  // Stops accepting, from any thread.
  void close();

 private:
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
  boost::asio::ip::tcp::endpoint resolve(const std::string& host, std::uint16_t port);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;  // paces accept after an error such as EMFILE
  std::shared_ptr<ServerState> state_;
};

}  // namespace vigie::api
