#include "test_client.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>

namespace vigie::api::test {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {
// Only a guard against a hung test, never a measure of speed.
constexpr std::chrono::seconds kGiveUp{5};
}  // namespace

TestClient::TestClient(std::uint16_t port) : stream_(ioc_) {
  stream_.expires_after(kGiveUp);
  stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
}

Response TestClient::request(http::verb method, std::string_view target, std::string_view token,
                             std::string body) {
  Request req{method, std::string(target), 11};
  req.set(http::field::host, "127.0.0.1");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + std::string(token));
  if (!body.empty()) req.body() = std::move(body);
  req.prepare_payload();
  return send(std::move(req));
}

Response TestClient::send(Request req) {
  write(std::move(req));
  return read();
}

void TestClient::write(Request req) {
  stream_.expires_after(kGiveUp);
  http::write(stream_, req);
}

Response TestClient::send_raw(std::string_view bytes) {
  stream_.expires_after(kGiveUp);
  asio::write(stream_, asio::buffer(bytes.data(), bytes.size()));
  return read();
}

Response TestClient::read() {
  stream_.expires_after(kGiveUp);
  Response res;
  http::read(stream_, buffer_, res);
  return res;
}

bool TestClient::closed_by_server() {
  stream_.expires_after(kGiveUp);
  char byte = 0;
  beast::error_code ec;
  stream_.read_some(asio::buffer(&byte, 1), ec);
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

Response fetch(std::uint16_t port, http::verb method, std::string_view target,
               std::string_view token) {
  TestClient client(port);
  return client.request(method, target, token);
}

}  // namespace vigie::api::test
