#include "api/http_listener.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <chrono>
#include <string>
#include <system_error>

#include "api/http_session.hpp"

namespace vigie::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

// Out of descriptors, accept fails at once, again and again; a pause avoids a busy loop.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

}  // namespace

// The acceptor and the retry timer share one strand so close() cannot race accept().
HttpListener::HttpListener(asio::io_context& ioc, std::shared_ptr<ServerState> state)
    : ioc_(ioc),
      acceptor_(asio::make_strand(ioc)),
      retry_(acceptor_.get_executor()),
      state_(std::move(state)) {}

tcp::endpoint HttpListener::resolve(const std::string& host, std::uint16_t port) {
  std::string name = host;
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);  // "[::1]" as written in a listen address
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(name, ec);
  if (!ec) return {address, port};
  tcp::resolver resolver(ioc_);
  const auto results = resolver.resolve(name, std::to_string(port), ec);
  if (ec || results.empty()) {
    throw std::system_error(ec, "cannot resolve HTTP listen host '" + host + "'");
  }
  return results.begin()->endpoint();
}

std::uint16_t HttpListener::listen(const std::string& host, std::uint16_t port) {
  const tcp::endpoint endpoint = resolve(host, port);
  const auto fail = [&](const beast::error_code& ec) {
    throw std::system_error(ec, "cannot listen for HTTP on " + host + ":" + std::to_string(port));
  };
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) fail(ec);
  // A restarted gateway must rebind while old connections sit in TIME_WAIT.
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) fail(ec);
  acceptor_.bind(endpoint, ec);
  if (ec) fail(ec);
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail(ec);
  return acceptor_.local_endpoint().port();
}

void HttpListener::accept() {
  acceptor_.async_accept(asio::make_strand(ioc_),
                         beast::bind_front_handler(&HttpListener::on_accept, shared_from_this()));
}

void HttpListener::close() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    self->acceptor_.close(ec);
    self->retry_.cancel();
  });
}

void HttpListener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (!acceptor_.is_open() || state_->stopping) return;
  if (ec) {
    state_->log("http accept failed: " + ec.message());
    retry_.expires_after(kAcceptRetryDelay);
    retry_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec) self->accept();
    });
    return;
  }
  beast::tcp_stream tcp(std::move(socket));
  auto stream = state_->options.tls ? ApiStream(std::move(tcp), *state_->options.tls)
                                    : ApiStream(std::move(tcp));
  std::make_shared<HttpSession>(std::move(stream), state_)->run();
  accept();
}

}  // namespace vigie::api
