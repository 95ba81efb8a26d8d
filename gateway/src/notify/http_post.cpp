#include "notify/http_post.hpp"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <stdexcept>

namespace vigie::notify {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

constexpr auto kStepTimeout = std::chrono::seconds(5);

template <typename Stream>
PostResult exchange(Stream& stream, const HttpTarget& target, const std::string& body,
                    const std::string& content_type) {
  http::request<http::string_body> req{http::verb::post, target.path, 11};
  req.set(http::field::host, target.host);
  req.set(http::field::content_type, content_type);
  req.set(http::field::user_agent, "vigie");
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1024 * 1024);
  http::read(stream, buffer, parser);
  auto res = parser.release();
  PostResult r;
  r.status = static_cast<int>(res.result_int());
  r.ok = r.status >= 200 && r.status < 300;
  if (!r.ok) r.error = "answered " + std::to_string(r.status) + ": " + res.body().substr(0, 200);
  r.content_type = std::string(res[http::field::content_type]);
  r.body = std::move(res.body());
  return r;
}

}  // namespace

std::shared_ptr<ssl::context> client_tls_context(
    const std::optional<std::filesystem::path>& ca_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx->set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (ca_file) {
    ctx->load_verify_file(ca_file->string(), ec);
    if (ec)
      throw std::runtime_error("notify.ca_file: cannot load " + ca_file->string() + ": " +
                               ec.message());
  } else {
    ctx->set_default_verify_paths(ec);
    if (ec) throw std::runtime_error("cannot load the system's CA certificates: " + ec.message());
  }
  return ctx;
}

PostResult post_json(const HttpTarget& target, const std::string& body, ssl::context* tls) {
  return post(target, body, "application/json", tls);
}

PostResult post(const HttpTarget& target, const std::string& body, const std::string& content_type,
                ssl::context* tls) {
  try {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    if (!target.tls) {
      beast::tcp_stream stream(io);
      stream.expires_after(kStepTimeout);
      stream.connect(resolver.resolve(target.host, target.port));
      stream.expires_after(kStepTimeout);
      auto r = exchange(stream, target, body, content_type);
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      return r;
    }
    if (!tls) return {false, 0, "no TLS context for an https:// target", {}, {}};
    beast::ssl_stream<beast::tcp_stream> stream(io, *tls);
    // SNI, and the certificate must name the host (a DNS name or an IP address).
    if (!SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str()))
      return {false, 0, "cannot set the TLS server name", {}, {}};
    stream.set_verify_callback(ssl::host_name_verification(target.host));
    beast::get_lowest_layer(stream).expires_after(kStepTimeout);
    beast::get_lowest_layer(stream).connect(resolver.resolve(target.host, target.port));
    beast::get_lowest_layer(stream).expires_after(kStepTimeout);
    stream.handshake(ssl::stream_base::client);
    beast::get_lowest_layer(stream).expires_after(kStepTimeout);
    auto r = exchange(stream, target, body, content_type);
    beast::error_code ec;
    stream.shutdown(ec);  // a receiver that closes without close_notify is fine
    return r;
  } catch (const std::exception& e) {
    return {false, 0, e.what(), {}, {}};
  }
}

}  // namespace vigie::notify
