// One HTTP/1.1 connection: the TLS handshake when the server has TLS, then read a request,
// answer it, repeat while keep-alive holds. Internal to HttpServer.
#pragma once

#include <array>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "api/api_stream.hpp"
#include "api/server_state.hpp"

namespace vigie::api {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(ApiStream&& stream, std::shared_ptr<ServerState> state);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  // Joins the server's roll and starts reading. Call once, right after make_shared.
  void run();

  // Ends the session from any thread: at once if idle, after the response if one is being
  // written.
  void close();

 private:
  void begin();
  void on_handshake(boost::beast::error_code ec);
  void read_request();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void answer(Request&& request);
  // Sends RES; LINGER drains unread input before closing, so the client sees RES, not a reset.
  void reply(Response&& res, bool keep_alive, bool linger);
  void on_write(bool keep_alive, bool linger, boost::beast::error_code ec, std::size_t bytes);
  void log_reply(unsigned status);
  void linger();
  void on_drain(boost::beast::error_code ec, std::size_t bytes);
  void on_close_requested();
  void end_tls();
  void shut();

  ApiStream stream_;
  std::shared_ptr<ServerState> state_;
  std::string client_;  // the peer's IP address
  std::uint64_t id_ = 0;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<Response> response_;  // lives until its write completes

  // For the log line of the request being answered.
  std::string method_;
  std::string target_;
  std::chrono::steady_clock::time_point started_;

  bool writing_ = false;
  bool close_requested_ = false;
  bool handed_over_ = false;  // the stream now belongs to the upgrade hook
  std::array<char, 4096> drain_buffer_{};
  std::size_t drained_ = 0;
};

}  // namespace vigie::api
