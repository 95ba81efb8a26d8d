// The live hub end to end: a real HttpServer, real Beast WebSocket clients over loopback.
#include "api/live_hub.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "api/http_server.hpp"
#include "api/router.hpp"
#include "api/token_hash.hpp"
#include "fake_floor_service.hpp"
#include "live_client.hpp"
#include "test_client.hpp"

namespace vigie::api {
namespace {

using test::LiveClient;
using test::LiveClientOptions;

class LiveHubTest : public ::testing::Test {
 protected:
  ~LiveHubTest() override { stop(); }

  void start(LiveHubOptions options = {}) {
    options.log = [this](std::string_view line) {
      const std::lock_guard lock(log_mutex_);
      log_.emplace_back(line);
    };
    hub_ = std::make_unique<LiveHub>(
        auth_, pseudonyms_, [this] { return snapshot(); }, options);
    server_ = std::make_unique<HttpServer>(
        ioc_, HttpServerOptions{.host = "127.0.0.1", .port = 0},
        [this](const Request& r) { return router_.handle(r, auth_); }, [](std::string_view) {});
    hub_->attach(*server_);
    server_->start();
    for (int i = 0; i < 2; ++i) {
      io_done_.push_back(std::async(std::launch::async, [this] { ioc_.run(); }));
    }
  }

  // True when the io_context ran out of work: nothing was left open.
  bool stop() {
    if (!server_) return true;
    server_->stop();
    bool done = true;
    for (auto& f : io_done_) {
      done = done && f.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    }
    if (!done) ioc_.stop();
    for (auto& f : io_done_) f.wait();
    server_.reset();
    return done;
  }

  nlohmann::json snapshot() {
    return {{"type", "snapshot"},
            {"n", ++snapshots_},
            {"agents", {test::agent_entry("4012", "sav-1")}},
            {"alerts", {test::agent_alert("a1", "4012")}}};
  }

  std::uint16_t port() const { return server_->port(); }

  LiveClientOptions manager() const { return {.token = "manager-secret"}; }
  LiveClientOptions auditor() const { return {.token = "auditor-secret"}; }

  // Waits, with a guard, until PREDICATE holds.
  template <typename P>
  bool eventually(P predicate) {
    for (int i = 0; i < 1000; ++i) {
      if (predicate()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::vector<std::string> log_lines() {
    const std::lock_guard lock(log_mutex_);
    return log_;
  }

  Authenticator auth_{{{"manager-1", Role::manager, token_sha256_hex("manager-secret")},
                       {"auditor-1", Role::auditor, token_sha256_hex("auditor-secret")},
                       {"admin-1", Role::admin, token_sha256_hex("admin-secret")}}};
  Pseudonymiser pseudonyms_{
      [](const std::string& v) { return "anon-" + std::string(v.rbegin(), v.rend()); }};
  Router router_;
  std::atomic<int> snapshots_{0};
  boost::asio::io_context ioc_;
  std::unique_ptr<LiveHub> hub_;
  std::unique_ptr<HttpServer> server_;
  std::vector<std::future<void>> io_done_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

Request upgrade(std::string target = "/api/v1/live") {
  Request req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::connection, "Upgrade");
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::sec_websocket_version, "13");
  req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  return req;
}

Response try_upgrade(std::uint16_t port, Request req) {
  test::TestClient client(port);
  return client.send(std::move(req));
}

nlohmann::json json_of(const Response& res) {
  return nlohmann::json::parse(res.body());
}

TEST_F(LiveHubTest, UpgradeWithoutTokenIs401Json) {
  start();
  const Response res = try_upgrade(port(), upgrade());
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(json_of(res)["error"], "unauthorized");
  EXPECT_EQ(hub_->stats().clients, 0u);
}

TEST_F(LiveHubTest, UpgradeWithWrongTokenIs401) {
  start();
  Request req = upgrade();
  req.set(http::field::authorization, "Bearer nope");
  EXPECT_EQ(try_upgrade(port(), req).result(), http::status::unauthorized);
  Request proto = upgrade();
  proto.set(http::field::sec_websocket_protocol, "bearer, nope");
  EXPECT_EQ(try_upgrade(port(), proto).result(), http::status::unauthorized);
  EXPECT_THROW(LiveClient(port(), {.token = "nope", .token_as_subprotocol = true}),
               boost::system::system_error);
}

TEST_F(LiveHubTest, UpgradeElsewhereIs404) {
  start();
  Request req = upgrade("/api/v1/other%3Cb%3E");
  req.set(http::field::authorization, "Bearer manager-secret");
  const Response res = try_upgrade(port(), req);
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(json_of(res)["error"], "not_found");
  EXPECT_EQ(json_of(res)["message"], "no WebSocket at this path; the live feed is /api/v1/live");
}

TEST_F(LiveHubTest, AuthorizationHeaderIsAcceptedAndSnapshotComesFirst) {
  start();
  LiveClient client(port(), manager());
  const auto first = client.read();
  EXPECT_EQ(first["type"], "snapshot");
  EXPECT_EQ(first["agents"][0]["agent"], "4012");
  EXPECT_TRUE(eventually([&] { return hub_->stats().clients == 1; }));
}

TEST_F(LiveHubTest, SubprotocolTokenIsAcceptedAndOnlyBearerIsEchoed) {
  start();
  LiveClient client(port(), {.token = "manager-secret", .token_as_subprotocol = true});
  EXPECT_EQ(client.handshake()[http::field::sec_websocket_protocol], "bearer");
  EXPECT_EQ(client.read()["type"], "snapshot");
}

TEST_F(LiveHubTest, EveryRoleMayListen) {
  start();
  for (const char* token : {"manager-secret", "auditor-secret", "admin-secret"}) {
    LiveClient client(port(), {.token = token});
    EXPECT_EQ(client.read()["type"], "snapshot") << token;
  }
}

TEST_F(LiveHubTest, BroadcastReachesEveryClientInOrder) {
  start();
  LiveClient a(port(), manager());
  LiveClient b(port(), {.token = "admin-secret", .token_as_subprotocol = true});
  a.read();
  b.read();
  ASSERT_TRUE(eventually([&] { return hub_->stats().clients == 2; }));
  for (int i = 0; i < 50; ++i) hub_->publish({{"type", "team"}, {"team", {{"seq", i}}}});
  for (LiveClient* c : {&a, &b}) {
    for (int i = 0; i < 50; ++i) EXPECT_EQ(c->read()["team"]["seq"], i);
  }
  EXPECT_EQ(hub_->stats().published, 50u);
}

TEST_F(LiveHubTest, AuditorsReceivePseudonymsManagersDoNot) {
  start();
  LiveClient auditor_client(port(), auditor());
  LiveClient manager_client(port(), manager());
  const auto snap = auditor_client.read();
  EXPECT_EQ(snap["agents"][0]["agent"], "anon-2104");
  EXPECT_EQ(snap.dump().find("\"4012\""), std::string::npos);
  manager_client.read();
  ASSERT_TRUE(eventually([&] { return hub_->stats().clients == 2; }));
  hub_->publish({{"type", "agent"}, {"agent", test::agent_entry("4012", "sav-1")}});
  hub_->publish({{"type", "alert"}, {"alert", test::agent_alert("a7", "4012")}});
  const auto agent = auditor_client.read();
  EXPECT_EQ(agent["agent"]["agent"], "anon-2104");
  EXPECT_FALSE(agent["agent"].contains("name"));
  const auto alert = auditor_client.read();
  EXPECT_EQ(alert["alert"]["subject"]["agent"], "anon-2104");
  EXPECT_EQ(alert.dump().find("4012"), std::string::npos);
  EXPECT_EQ(manager_client.read()["agent"]["agent"], "4012");
  EXPECT_EQ(manager_client.read()["alert"]["subject"]["agent"], "4012");
}

TEST_F(LiveHubTest, ClientMayAskForAFreshSnapshot) {
  start();
  LiveClient client(port(), manager());
  EXPECT_EQ(client.read()["n"], 1);
  client.write(R"({"type":"snapshot"})");
  const auto again = client.read();
  EXPECT_EQ(again["type"], "snapshot");
  EXPECT_EQ(again["n"], 2);
}

TEST_F(LiveHubTest, SlowClientGetsASnapshotInsteadOfUnboundedMemory) {
  LiveHubOptions options;
  options.limits = {.max_messages = 16, .max_bytes = 256 * 1024};
  start(options);
  LiveClient slow(port(), {.token = "manager-secret", .receive_buffer = 4096});
  EXPECT_EQ(slow.read()["type"], "snapshot");
  ASSERT_TRUE(eventually([&] { return hub_->stats().clients == 1; }));

  // The client reads nothing while far more than the socket buffers and the queue can hold
  // is published.
  const std::string filler(16 * 1024, 'x');
  constexpr int kPublished = 2000;
  for (int i = 0; i < kPublished; ++i) {
    hub_->publish({{"type", "team"}, {"team", {{"seq", i}, {"filler", filler}}}});
  }
  const LiveHubStats during = hub_->stats();
  EXPECT_GE(during.outbox.overflows, 1u);
  EXPECT_LE(during.outbox.peak_messages, 16u);
  EXPECT_LE(during.outbox.peak_bytes, 256u * 1024u);

  hub_->publish({{"type", "team"}, {"team", {{"seq", "last"}}}});
  int snapshots = 0, messages = 0;
  for (;;) {
    const auto m = slow.read();
    if (m["type"] == "snapshot") {
      ++snapshots;
      continue;
    }
    ++messages;
    if (m["team"]["seq"] == "last") break;
  }
  EXPECT_GE(snapshots, 1);
  EXPECT_LT(messages, kPublished);
  EXPECT_GE(hub_->stats().snapshots_sent, 2u);
}

TEST_F(LiveHubTest, FastClientIsNotHurtByASlowOne) {
  LiveHubOptions options;
  options.limits = {.max_messages = 8, .max_bytes = 64 * 1024};
  start(options);
  LiveClient slow(port(), {.token = "manager-secret", .receive_buffer = 4096});
  LiveClient fast(port(), manager());
  slow.read();
  fast.read();
  ASSERT_TRUE(eventually([&] { return hub_->stats().clients == 2; }));
  std::atomic<bool> done{false};
  auto reader = std::async(std::launch::async, [&] {
    int seen = 0;
    while (true) {
      const auto m = fast.read();
      if (m["type"] != "team") continue;
      ++seen;
      if (m["team"]["seq"] == "last") return seen;
    }
  });
  const std::string filler(8 * 1024, 'y');
  for (int i = 0; i < 500; ++i) {
    hub_->publish({{"type", "team"}, {"team", {{"seq", i}, {"filler", filler}}}});
    // The fast reader keeps up: pace the publisher a little so it may.
    if (i % 4 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  hub_->publish({{"type", "team"}, {"team", {{"seq", "last"}}}});
  ASSERT_EQ(reader.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_GT(reader.get(), 1);
  done = true;
  EXPECT_GE(hub_->stats().outbox.overflows, 1u);
}

TEST_F(LiveHubTest, IdleClientIsPingedAndStaysConnected) {
  LiveHubOptions options;
  options.idle_timeout = std::chrono::milliseconds(200);
  start(options);
  LiveClient client(port(), manager());
  client.read();
  ASSERT_TRUE(eventually([&] { return hub_->stats().clients == 1; }));
  auto later = std::async(std::launch::async, [this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    hub_->publish({{"type", "team"}, {"team", {{"seq", 1}}}});
  });
  EXPECT_EQ(client.read()["team"]["seq"], 1);  // pongs went back while it waited
  EXPECT_GE(client.pings(), 1);
  later.wait();
}

TEST_F(LiveHubTest, ClientThatNeverAnswersIsDropped) {
  LiveHubOptions options;
  options.idle_timeout = std::chrono::milliseconds(200);
  start(options);
  LiveClient silent(port(), manager());
  silent.read();
  // It stops reading, so it answers no ping.
  ASSERT_TRUE(eventually([&] { return hub_->stats().clients == 1; }));
  EXPECT_TRUE(eventually([&] { return hub_->stats().clients == 0; }));
}

TEST_F(LiveHubTest, ServerStopClosesClientsWithGoingAway) {
  start();
  LiveClient client(port(), manager());
  client.read();
  ASSERT_TRUE(eventually([&] { return hub_->stats().clients == 1; }));
  auto closed = std::async(std::launch::async, [&] { return client.read_until_closed(); });
  EXPECT_TRUE(stop());
  EXPECT_EQ(closed.get(), 1001);
}

TEST_F(LiveHubTest, UpgradeAfterCloseAllIsRefused) {
  start();
  hub_->close_all();
  Request req = upgrade();
  req.set(http::field::authorization, "Bearer manager-secret");
  EXPECT_EQ(try_upgrade(port(), req).result(), http::status::service_unavailable);
}

TEST_F(LiveHubTest, ClientsBeyondTheLimitGet503) {
  LiveHubOptions options;
  options.max_clients = 1;
  start(options);
  LiveClient first(port(), manager());
  first.read();
  ASSERT_TRUE(eventually([&] { return hub_->stats().clients == 1; }));
  Request req = upgrade();
  req.set(http::field::authorization, "Bearer manager-secret");
  const Response res = try_upgrade(port(), req);
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(json_of(res)["error"], "too_many_clients");
}

TEST_F(LiveHubTest, UpgradesAreLoggedWithoutToken) {
  start();
  {
    LiveClient client(port(), {.token = "manager-secret", .token_as_subprotocol = true});
    client.read();
  }
  try_upgrade(port(), upgrade());
  ASSERT_TRUE(stop());
  const auto lines = log_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("http GET /api/v1/live 101 ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("http GET /api/v1/live 401 ", 0), 0u) << lines[1];
  for (const auto& line : lines) EXPECT_EQ(line.find("secret"), std::string::npos);
}

TEST_F(LiveHubTest, PublishWithoutClientsCostsNothing) {
  start();
  hub_->publish({{"type", "team"}});
  EXPECT_EQ(hub_->stats().published, 1u);
  EXPECT_EQ(hub_->stats().clients, 0u);
}

}  // namespace
}  // namespace vigie::api
