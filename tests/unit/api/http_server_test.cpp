// The server end to end over loopback: real sockets, the real router and auth, a fake gateway.
#include "api/http_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "api/gateway_routes.hpp"
#include "api/json_response.hpp"
#include "api/router.hpp"
#include "api/token_hash.hpp"
#include "fake_gateway_status.hpp"
#include "test_client.hpp"

namespace vigie::api {
namespace {

using test::fetch;
using test::TestClient;

constexpr std::string_view kToken = "m4nager-T0ken";

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() {
    add_gateway_routes(router_, status_);
    // Test-only routes: an echo for body limits and a handler that fails.
    router_.add(http::verb::post, "/echo", Access::open(), [](const RequestContext& ctx) {
      return json_response(http::status::ok, {{"size", ctx.request.body().size()}});
    });
    router_.add(http::verb::get, "/boom", Access::open(),
                [](const RequestContext&) -> Response { throw std::runtime_error("boom"); });
  }

  ~HttpServerTest() override { stop(); }

  void start(HttpServerOptions options = {}, int io_threads = 1) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(
        ioc_, options, [this](const Request& r) { return router_.handle(r, auth_); },
        [this](std::string_view line) {
          const std::lock_guard lock(log_mutex_);
          log_.emplace_back(line);
        });
    if (upgrade_) server_->set_upgrade_handler(upgrade_);
    server_->start();
    for (int i = 0; i < io_threads; ++i) {
      io_done_.push_back(std::async(std::launch::async, [this] { ioc_.run(); }));
    }
  }

  // True when the io_context ran out of work, i.e. the server left nothing open.
  bool stop() {
    if (!server_) return true;
    server_->stop();
    // A guard against a hang, not a timing assertion.
    bool done = true;
    for (auto& f : io_done_) {
      done = done && f.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    }
    if (!done) ioc_.stop();
    for (auto& f : io_done_) f.wait();
    server_.reset();
    return done;
  }

  std::vector<std::string> log_lines() {
    const std::lock_guard lock(log_mutex_);
    return log_;
  }

  std::uint16_t port() const { return server_->port(); }

  test::FakeGatewayStatus status_;
  Router router_;
  Authenticator auth_{{{"manager-1", Role::manager, token_sha256_hex(kToken)}}};
  UpgradeHandler upgrade_;
  boost::asio::io_context ioc_;
  std::unique_ptr<HttpServer> server_;
  std::vector<std::future<void>> io_done_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

nlohmann::json json_of(const Response& res) {
  return nlohmann::json::parse(res.body());
}

TEST_F(HttpServerTest, PortZeroBindsAnEphemeralPort) {
  start();
  EXPECT_NE(port(), 0);
}

TEST_F(HttpServerTest, HealthzAnswers200WhenAllIsUp) {
  start();
  const Response res = fetch(port(), http::verb::get, "/healthz");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(json_of(res)["status"], "ok");
}

TEST_F(HttpServerTest, HealthzAnswers503WhenBrokerIsDown) {
  status_.set_broker(false);
  start();
  const Response res = fetch(port(), http::verb::get, "/healthz");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(json_of(res), nlohmann::json({{"status", "degraded"}})) << "no token: the status alone";
}

TEST_F(HttpServerTest, MetricsServeThePrometheusBody) {
  start();
  const Response res = fetch(port(), http::verb::get, "/metrics");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(to_std(res[http::field::content_type]).rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_EQ(res.body(), status_.prometheus_text());
}

TEST_F(HttpServerTest, StatsWithoutTokenAnswer401) {
  start();
  const Response res = fetch(port(), http::verb::get, "/api/v1/stats");
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_EQ(to_std(res[http::field::www_authenticate]).rfind("Bearer", 0), 0u);
  EXPECT_EQ(json_of(res)["error"], "unauthorized");
}

TEST_F(HttpServerTest, StatsWithTokenAnswer200) {
  status_.set_stats({.events_received = 7, .nodes_total = 2});
  start();
  const Response res = fetch(port(), http::verb::get, "/api/v1/stats", kToken);
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(json_of(res)["events_received"], 7);
  EXPECT_EQ(json_of(res)["nodes_total"], 2);
}

TEST_F(HttpServerTest, UnknownPathAnswers404Json) {
  start();
  const Response res = fetch(port(), http::verb::get, "/nope");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(json_of(res)["error"], "not_found");
}

TEST_F(HttpServerTest, WrongMethodAnswers405WithAllow) {
  start();
  const Response res = fetch(port(), http::verb::delete_, "/healthz");
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "GET");
}

TEST_F(HttpServerTest, BodyOverTheLimitAnswers413Json) {
  start({.body_limit = 1024});
  TestClient client(port());
  const Response res = client.request(http::verb::post, "/echo", {}, std::string(200 * 1024, 'x'));
  EXPECT_EQ(res.result(), http::status::payload_too_large);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(json_of(res)["error"], "payload_too_large");
  EXPECT_FALSE(res.keep_alive());
}

TEST_F(HttpServerTest, BodyAtTheLimitIsAccepted) {
  start({.body_limit = 1024});
  TestClient client(port());
  const Response res = client.request(http::verb::post, "/echo", {}, std::string(1024, 'x'));
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(json_of(res)["size"], 1024);
}

TEST_F(HttpServerTest, DefaultBodyLimitIs64KiB) {
  start();
  TestClient client(port());
  EXPECT_EQ(client.request(http::verb::post, "/echo", {}, std::string(64 * 1024, 'x')).result(),
            http::status::ok);
  EXPECT_EQ(client.request(http::verb::post, "/echo", {}, std::string(64 * 1024 + 1, 'x')).result(),
            http::status::payload_too_large);
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  TestClient client(port());
  EXPECT_EQ(client.request(http::verb::get, "/healthz").result(), http::status::ok);
  EXPECT_EQ(client.request(http::verb::get, "/nope").result(), http::status::not_found);
  EXPECT_EQ(client.request(http::verb::get, "/api/v1/stats", kToken).result(), http::status::ok);
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  start();
  TestClient client(port());
  Request req{http::verb::get, "/healthz", 11};
  req.keep_alive(false);
  const Response res = client.send(req);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, MalformedRequestAnswers400Json) {
  start();
  TestClient client(port());
  const Response res =
      client.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n");
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(json_of(res)["error"], "bad_request");
  // Our words, not Beast's error names ("bad Content-Length").
  EXPECT_EQ(json_of(res)["message"],
            "malformed HTTP request: the body's length or chunking cannot be read");
}

TEST_F(HttpServerTest, MalformedRequestLineIsSaidInOurWords) {
  start();
  TestClient client(port());
  const Response res = client.send_raw("GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(json_of(res)["message"],
            "malformed HTTP request: its first line (method, path, version) cannot be read");
}

TEST_F(HttpServerTest, HandlerExceptionAnswers500Json) {
  start();
  const Response res = fetch(port(), http::verb::get, "/boom");
  EXPECT_EQ(res.result(), http::status::internal_server_error);
  EXPECT_EQ(json_of(res)["error"], "internal");
}

Request upgrade_request() {
  Request req{http::verb::get, "/api/v1/live", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::connection, "Upgrade");
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::sec_websocket_version, "13");
  req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  return req;
}

TEST_F(HttpServerTest, UpgradeWithoutHookAnswers501Json) {
  start();
  TestClient client(port());
  const Response res = client.send(upgrade_request());
  EXPECT_EQ(res.result(), http::status::not_implemented);
  EXPECT_EQ(json_of(res)["error"], "not_implemented");
}

TEST_F(HttpServerTest, UpgradeIsHandedToTheHook) {
  std::promise<std::string> seen;
  upgrade_ = [&seen](ApiStream&& stream, Request&& req) {
    ApiStream owned(std::move(stream));  // the hook owns it, then drops it
    seen.set_value(std::string(to_std(req.target())));
  };
  start();
  TestClient client(port());
  client.write(upgrade_request());
  auto target = seen.get_future();
  ASSERT_EQ(target.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(target.get(), "/api/v1/live");
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_TRUE(log_lines().empty());  // the hook logs what it does with the upgrade
}

TEST_F(HttpServerTest, EachRequestLogsOneLineWithoutTokenOrQuery) {
  start();
  TestClient client(port());
  client.request(http::verb::get, "/api/v1/stats?since=5", kToken);
  client.request(http::verb::get, "/api/v1/stats", "wrong-token");
  ASSERT_TRUE(stop());  // a line is written after its response, so wait for the server
  const auto lines = log_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("http GET /api/v1/stats 200 ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("http GET /api/v1/stats 401 ", 0), 0u) << lines[1];
  for (const auto& line : lines) {
    EXPECT_EQ(line.find(kToken), std::string::npos) << line;
    EXPECT_EQ(line.find("wrong-token"), std::string::npos) << line;
    EXPECT_EQ(line.find("since"), std::string::npos) << line;
  }
}

TEST_F(HttpServerTest, TokenInTheQueryStringNeverReachesTheLog) {
  start();
  TestClient client(port());
  // Tokens are read from Authorization only: one in the query is refused, and not logged.
  const std::string secret(kToken);
  EXPECT_EQ(client.request(http::verb::get, "/api/v1/stats?token=" + secret).result(),
            http::status::unauthorized);
  EXPECT_EQ(
      client.request(http::verb::get, "/api/v1/whoami?access_token=" + secret, kToken).result(),
      http::status::ok);
  ASSERT_TRUE(stop());
  const auto lines = log_lines();
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& line : lines) {
    EXPECT_EQ(line.find(secret), std::string::npos) << line;
    EXPECT_EQ(line.find("token"), std::string::npos) << line;
  }
}

TEST_F(HttpServerTest, RejectedBodyIsLoggedWith413) {
  start({.body_limit = 16});
  TestClient client(port());
  client.request(http::verb::post, "/echo?x=1", {}, std::string(100, 'x'));
  ASSERT_TRUE(stop());
  const auto lines = log_lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind("http POST /echo 413 ", 0), 0u) << lines[0];
}

TEST_F(HttpServerTest, ServesConcurrentClientsFromSeveralIoThreads) {
  start({}, 2);
  std::vector<std::future<int>> clients;
  for (int c = 0; c < 8; ++c) {
    clients.push_back(std::async(std::launch::async, [this] {
      TestClient client(port());
      int ok = 0;
      for (int i = 0; i < 25; ++i) {
        ok += client.request(http::verb::get, "/api/v1/stats", kToken).result() == http::status::ok;
      }
      return ok;
    }));
  }
  for (auto& c : clients) EXPECT_EQ(c.get(), 25);
  ASSERT_TRUE(stop());
  EXPECT_EQ(log_lines().size(), 8u * 25u);
}

TEST_F(HttpServerTest, StopClosesIdleKeepAliveConnections) {
  start();
  TestClient client(port());
  EXPECT_EQ(client.request(http::verb::get, "/healthz").result(), http::status::ok);
  EXPECT_TRUE(stop());
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, StopClosesTheListeningSocket) {
  start();
  const std::uint16_t bound = port();
  ASSERT_TRUE(stop());
  EXPECT_ANY_THROW(TestClient client(bound));
}

TEST_F(HttpServerTest, StartOnATakenPortThrows) {
  start();
  boost::asio::io_context other;
  HttpServer second(other, {.host = "127.0.0.1", .port = port()},
                    [](const Request&) { return Response{}; });
  EXPECT_THROW(second.start(), std::system_error);
}

}  // namespace
}  // namespace vigie::api
