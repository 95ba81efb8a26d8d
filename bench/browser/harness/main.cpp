// vigie-floor-harness: the real HTTP layer (router, auth, floor routes, live hub, embedded
// dashboard) over a SyntheticFloor, for the browser benchmark and for checking the dashboard
// before the engine is wired into the gateway. Prints "listening on http://HOST:PORT".
//
//   vigie-floor-harness --port 0 --agents 1000 --teams 20 --manager-token M --auditor-token A
//                       [--churn 50]   (agent state changes per second, at random)
// Harness-only routes (any valid token):
//   POST /harness/state {"agent","state","reason"}      moves an agent, publishes it live
//   POST /harness/alert {"agent","criterion","state"}   opens or moves an alert, publishes it
#include <sodium.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "api/auth.hpp"
#include "api/dashboard_files.hpp"
#include "api/dashboard_routes.hpp"
#include "api/floor_routes.hpp"
#include "api/gateway_routes.hpp"
#include "api/http_server.hpp"
#include "api/json_response.hpp"
#include "api/live_hub.hpp"
#include "api/token_hash.hpp"
#include "synthetic_floor.hpp"

namespace {

using namespace vigie;
namespace http = api::http;

api::EpochMs wall_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

struct Options {
  std::uint16_t port = 0;
  int agents = 1000;
  int teams = 20;
  double churn = 0;
  std::string manager_token, auditor_token;
};

class QuietStatus : public api::GatewayStatus {
 public:
  api::IngestStats stats() const override { return {}; }
  bool broker_connected() const override { return true; }
  bool store_writable() const override { return true; }
  std::string prometheus_text() const override { return ""; }
  // The synthetic floor's clock is the gateway's default zone.
  std::optional<api::SiteClock> site() const override {
    return api::SiteClock{"harness", "Europe/Paris"};
  }
};

// A keyed BLAKE2b of the id: a real MAC with a key made for this run.
class RunPseudonyms {
 public:
  RunPseudonyms() { crypto_generichash_keygen(key_); }
  std::string operator()(const std::string& id) const {
    unsigned char out[8];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(id.data()),
                       id.size(), key_, sizeof key_);
    char hex[sizeof out * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return std::string("p-") + hex;
  }

 private:
  unsigned char key_[crypto_generichash_KEYBYTES];
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return false;
    const std::string v = argv[++i];
    if (a == "--port")
      o.port = static_cast<std::uint16_t>(std::stoi(v));
    else if (a == "--agents")
      o.agents = std::stoi(v);
    else if (a == "--teams")
      o.teams = std::stoi(v);
    else if (a == "--churn")
      o.churn = std::stod(v);
    else if (a == "--manager-token")
      o.manager_token = v;
    else if (a == "--auditor-token")
      o.auditor_token = v;
    else
      return false;
  }
  return !o.manager_token.empty() && !o.auditor_token.empty() && o.agents > 0 && o.teams > 0;
}

void add_harness_routes(api::Router& router, bench::SyntheticFloor& floor, api::LiveHub& live) {
  router.add(http::verb::post, "/harness/state", api::Access::any_token(),
             [&](const api::RequestContext& ctx) {
               const auto body = nlohmann::json::parse(ctx.request.body(), nullptr, false);
               if (!body.is_object()) {
                 return api::error_response(http::status::bad_request, "bad_request", "JSON");
               }
               const api::EpochMs at = wall_now();
               const auto messages =
                   floor.set_state(body.value("agent", ""), body.value("state", "available"),
                                   body.value("reason", ""), at);
               if (messages.empty()) {
                 return api::error_response(http::status::not_found, "not_found", "agent");
               }
               for (const auto& m : messages) live.publish(m);
               return api::json_response(http::status::ok, {{"at", at}});
             });
  router.add(http::verb::post, "/harness/alert", api::Access::any_token(),
             [&](const api::RequestContext& ctx) {
               const auto body = nlohmann::json::parse(ctx.request.body(), nullptr, false);
               if (!body.is_object()) {
                 return api::error_response(http::status::bad_request, "bad_request", "JSON");
               }
               const auto message =
                   floor.raise(body.value("agent", ""), body.value("criterion", "BRK-01"),
                               body.value("state", "firing"), wall_now());
               if (!message) {
                 return api::error_response(http::status::not_found, "not_found", "agent");
               }
               live.publish(*message);
               return api::json_response(http::status::ok, (*message)["alert"]);
             });
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::cerr << "usage: vigie-floor-harness --manager-token M --auditor-token A [--port P] "
                 "[--agents N] [--teams T] [--churn CHANGES_PER_SECOND]\n";
    return 2;
  }
  if (sodium_init() < 0) return 1;
  bench::SyntheticFloor floor(o.agents, o.teams, wall_now());
  const api::Authenticator auth(
      {{"manager-1", Role::manager, api::token_sha256_hex(o.manager_token)},
       {"auditor-1", Role::auditor, api::token_sha256_hex(o.auditor_token)}});
  const RunPseudonyms keyed;
  const api::Pseudonymiser pseudonyms([&keyed](const std::string& id) { return keyed(id); });
  api::LiveHubOptions live_options;
  live_options.log = [](std::string_view) {};
  api::LiveHub live(
      auth, pseudonyms, [&floor] { return api::floor_snapshot(floor); }, live_options);
  QuietStatus status;
  api::Router router;
  api::add_gateway_routes(router, status);
  api::add_floor_routes(router, floor, live, pseudonyms);
  api::add_dashboard_routes(router, api::dashboard_files());
  add_harness_routes(router, floor, live);

  boost::asio::io_context ioc;
  api::HttpServer server(
      ioc, {.host = "127.0.0.1", .port = o.port},
      [&](const api::Request& r) { return router.handle(r, auth); }, [](std::string_view) {});
  live.attach(server);
  server.start();
  std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);

  std::atomic<bool> running{true};
  std::thread churn([&] {
    if (o.churn <= 0) return;
    std::mt19937 rng(42);
    const auto ids = floor.agent_ids();
    const char* states[] = {"available", "talking", "wrap_up", "hold", "not_ready"};
    const char* reasons[] = {"break", "training", "lunch", "back_office"};
    const auto period = std::chrono::duration<double>(1.0 / o.churn);
    while (running) {
      const auto& id = ids[rng() % ids.size()];
      for (const auto& m : floor.set_state(id, states[rng() % 5], reasons[rng() % 4], wall_now())) {
        live.publish(m);
      }
      std::this_thread::sleep_for(period);
    }
  });

  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    running = false;
    server.stop();
  });
  std::vector<std::thread> io;
  for (int i = 0; i < 2; ++i) io.emplace_back([&] { ioc.run(); });
  for (auto& t : io) t.join();
  running = false;
  churn.join();
  return 0;
}
