#include "live_client.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>
#include <chrono>
#include <stdexcept>

namespace vigie::api::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

// Only a guard against a hung test, never a measure of speed.
constexpr std::chrono::seconds kGiveUp{10};

// Runs IOC until the one operation started before has completed; throws its error.
void finish(asio::io_context& ioc, const beast::error_code& ec) {
  ioc.restart();
  ioc.run();
  if (ec) throw boost::system::system_error(ec);
}

}  // namespace

LiveClient::LiveClient(std::uint16_t port, LiveClientOptions options) : ws_(ioc_) {
  auto& tcp = beast::get_lowest_layer(ws_);
  tcp.socket().open(asio::ip::tcp::v4());
  if (options.receive_buffer) {
    tcp.socket().set_option(asio::socket_base::receive_buffer_size(*options.receive_buffer));
  }
  tcp.expires_after(kGiveUp);
  tcp.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  const auto token = options.token;
  const bool as_protocol = options.token_as_subprotocol;
  ws_.set_option(
      websocket::stream_base::decorator([token, as_protocol](websocket::request_type& req) {
        if (token.empty()) return;
        if (as_protocol) {
          req.set(beast::http::field::sec_websocket_protocol, "bearer, " + token);
        } else {
          req.set(beast::http::field::authorization, "Bearer " + token);
        }
      }));
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::ping) ++pings_;
  });
  beast::error_code ec;
  tcp.expires_after(kGiveUp);
  ws_.async_handshake(handshake_, "127.0.0.1", "/api/v1/live",
                      [&ec](beast::error_code e) { ec = e; });
  finish(ioc_, ec);
}

nlohmann::json LiveClient::read() {
  beast::error_code ec;
  buffer_.clear();
  beast::get_lowest_layer(ws_).expires_after(kGiveUp);
  ws_.async_read(buffer_, [&ec](beast::error_code e, std::size_t) { ec = e; });
  finish(ioc_, ec);
  return nlohmann::json::parse(beast::buffers_to_string(buffer_.data()));
}

void LiveClient::write(const std::string& text) {
  beast::error_code ec;
  beast::get_lowest_layer(ws_).expires_after(kGiveUp);
  ws_.async_write(asio::buffer(text), [&ec](beast::error_code e, std::size_t) { ec = e; });
  finish(ioc_, ec);
}

int LiveClient::read_until_closed() {
  for (;;) {
    beast::error_code ec;
    buffer_.clear();
    beast::get_lowest_layer(ws_).expires_after(kGiveUp);
    ws_.async_read(buffer_, [&ec](beast::error_code e, std::size_t) { ec = e; });
    ioc_.restart();
    ioc_.run();
    if (ec == beast::error::timeout) throw std::runtime_error("the server did not close");
    if (ec) return ws_.reason().code;
  }
}

}  // namespace vigie::api::test
