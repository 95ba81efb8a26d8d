#include "api/http_server.hpp"

#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <stdexcept>
#include <vector>

#include "api/http_listener.hpp"
#include "api/http_session.hpp"
#include "api/server_state.hpp"

namespace vigie::api {

HttpServer::HttpServer(boost::asio::io_context& ioc, HttpServerOptions options,
                       RequestHandler handler, RequestLogSink log)
    : HttpServer(
          ioc, std::move(options),
          [h = std::move(handler)](const Request& r, std::string_view) { return h(r); },
          std::move(log)) {}

HttpServer::HttpServer(boost::asio::io_context& ioc, HttpServerOptions options,
                       ClientRequestHandler handler, RequestLogSink log)
    : ioc_(ioc), state_(std::make_shared<ServerState>()) {
  state_->options = std::move(options);
  state_->handler = std::move(handler);
  state_->log = std::move(log);
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::set_upgrade_handler(UpgradeHandler hook) {
  if (listener_) throw std::logic_error("HttpServer: set the upgrade handler before start()");
  state_->upgrade = std::move(hook);
}

void HttpServer::on_stop(std::function<void()> hook) {
  if (listener_) throw std::logic_error("HttpServer: add stop hooks before start()");
  state_->stop_hooks.push_back(std::move(hook));
}

void HttpServer::start() {
  if (listener_ || state_->stopping) {
    throw std::logic_error("HttpServer: start() once, and not after stop()");
  }
  auto listener = std::make_shared<HttpListener>(ioc_, state_);
  port_ = listener->listen(state_->options.host, state_->options.port);
  listener_ = std::move(listener);
  listener_->accept();
}

void HttpServer::stop() {
  if (state_->stopping.exchange(true)) return;
  if (listener_) listener_->close();
  std::vector<std::shared_ptr<HttpSession>> open;
  {
    const std::lock_guard lock(state_->mutex);
    for (const auto& [id, weak] : state_->sessions) {
      if (auto session = weak.lock()) open.push_back(std::move(session));
    }
  }
  // Outside the lock: the last reference may go here, and a session's destructor takes it.
  for (const auto& session : open) session->close();
  for (const auto& hook : state_->stop_hooks) hook();
}

void serve_until_signalled(boost::asio::io_context& io, HttpServer& server) {
  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    io.stop();
  });
  io.run();
}

}  // namespace vigie::api
