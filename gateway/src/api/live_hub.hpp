// GET /api/v1/live: the WebSocket that pushes agent-state changes and alert transitions to
// dashboards (contract.md sec. 6), on the HTTP server's port through its upgrade hook.
//
//   LiveHub live(auth, pseudonyms, [&floor] { return floor_snapshot(floor); });
//   live.attach(http_server);            // before http_server.start()
//   ... the app, after each change:  live.publish({{"type","agent"},{"agent",entry}});
//
// Each client gets a snapshot first, then the messages published after. Its send queue is
// bounded (LiveLimits): a client that falls behind has its queue dropped and gets a fresh
// snapshot. Auditors get every message with pseudonyms. Idle connections are pinged; one
// that answers nothing is closed. HttpServer::stop() closes every client (1001 going away).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "api/api_stream.hpp"
#include "api/auth.hpp"
#include "api/auth_throttle.hpp"
#include "api/floor_service.hpp"
#include "api/http_types.hpp"
#include "api/live_outbox.hpp"
#include "api/pseudonymiser.hpp"
#include "api/request_log.hpp"

namespace vigie::api {

class HttpServer;
struct LiveHubCore;

struct LiveHubOptions {
  LiveLimits limits;              // per client
  std::size_t max_clients = 256;  // beyond, upgrades get 503
  std::chrono::steady_clock::duration handshake_timeout = std::chrono::seconds(10);
  // No frame from the client for this long: a ping; as long again: the connection is closed.
  std::chrono::steady_clock::duration idle_timeout = std::chrono::seconds(30);
  RequestLogSink log = log_to_stderr;  // one line per upgrade, as for requests
  // Set: wrong tokens count against the client's address, as on the other routes, and a
  // locked-out address gets 429. Must outlive the hub.
  AuthThrottle* throttle = nullptr;
};

struct LiveHubStats {
  std::size_t clients = 0;
  std::size_t published = 0;       // messages given to publish()
  std::size_t snapshots_sent = 0;  // on connect and after overflows
  OutboxCounters outbox;           // summed over clients, peaks are the highest of any client
};

class LiveHub : public LivePublisher {
 public:
  // The message sent first and after an overflow: {"type":"snapshot", ...} with identifiers in
  // clear (floor_snapshot() builds it). Called on the io_context's threads.
  using SnapshotProvider = std::function<nlohmann::json()>;

  // AUTH, PSEUDONYMS and what SNAPSHOT reads must outlive the io_context's last run.
  LiveHub(const Authenticator& auth, const Pseudonymiser& pseudonyms, SnapshotProvider snapshot,
          LiveHubOptions options = {});
  ~LiveHub() override;  // close_all()
  LiveHub(const LiveHub&) = delete;
  LiveHub& operator=(const LiveHub&) = delete;

  // To every client; thread-safe; never waits for a client.
  void publish(const nlohmann::json& message) override;

  // Takes SERVER's WebSocket upgrades and closes every client when SERVER stops. Before
  // SERVER.start().
  void attach(HttpServer& server);

  // The upgrade hook itself (attach() installs it): authenticates, then accepts or refuses
  // with a JSON answer (401, 404 for another path, 503 when full).
  void accept(ApiStream&& stream, Request&& request);

  // Closes every client, from any thread; later upgrades are refused.
  void close_all();

  LiveHubStats stats() const;
  // Whether any client is connected: a message nobody would receive need not be built (a
  // client that joins later starts from a snapshot).
  bool listened() const;

 private:
  std::shared_ptr<LiveHubCore> core_;
};

}  // namespace vigie::api
