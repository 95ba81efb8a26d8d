// The gateway's HTTP/1.1 server (contract.md sec. 6), on an io_context the caller runs.
//
//   Router router;  add_gateway_routes(router, status);
//   Authenticator auth(config.tokens);
//   HttpServer server(ioc, {config.http.host, config.http.port},
//                     [&](const Request& r) { return router.handle(r, auth); });
//   server.start();  ... ioc.run();  ... server.stop();
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http_types.hpp"
#include "api/request_log.hpp"

namespace vigie::api {

class HttpListener;
struct ServerState;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: an ephemeral port, read back with HttpServer::port()
  std::size_t body_limit = 64 * 1024;
  // To read one request (headers and body) or write one response; also the keep-alive idle
  // time. Bounds what a slow or silent client can hold.
  std::chrono::seconds timeout{30};
  // Set: the port speaks HTTPS (and WSS) only, from make_server_tls_context(). Null: plain.
  std::shared_ptr<boost::asio::ssl::context> tls = nullptr;
};

class HttpServer {
 public:
  // HANDLER answers every request that is not a WebSocket upgrade; it and whatever it refers to
  // must outlive the io_context's last run after stop(). LOG receives one line per request.
  HttpServer(boost::asio::io_context& ioc, HttpServerOptions options, RequestHandler handler,
             RequestLogSink log = log_to_stderr);
  // The same with a handler told each client's address.
  HttpServer(boost::asio::io_context& ioc, HttpServerOptions options, ClientRequestHandler handler,
             RequestLogSink log = log_to_stderr);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Where WebSocket upgrades go (GET /api/v1/live); without one they get 501. Before start().
  void set_upgrade_handler(UpgradeHandler hook);

  // HOOK runs in stop(), after the acceptor and the HTTP connections are told to close: the
  // upgrade hook's owner closes what it took over (LiveHub::attach uses it). Before start().
  void on_stop(std::function<void()> hook);

  // Binds and listens now (throws std::system_error if it cannot), then accepts connections
  // as the io_context runs. Once only.
  void start();

  // Closes the acceptor and every open connection; a response being written is finished
  // first. Thread-safe and idempotent. The io_context's run() returns once they are gone,
  // provided nothing else keeps it busy.
  void stop();

  // The bound port, useful after start() with port 0; 0 before start().
  std::uint16_t port() const { return port_.load(); }

 private:
  boost::asio::io_context& ioc_;
  std::shared_ptr<ServerState> state_;
  std::shared_ptr<HttpListener> listener_;
  std::atomic<std::uint16_t> port_{0};
};

// A standalone HTTP service's main loop (vigie witness, vigie central serve): runs IO
// until SIGTERM or SIGINT, then stops SERVER and IO.
void serve_until_signalled(boost::asio::io_context& io, HttpServer& server);

}  // namespace vigie::api
