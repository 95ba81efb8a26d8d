// What every connection of one HttpServer shares: the handler, the limits, the log, and the
// roll of open sessions that stop() closes. Internal to the server.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "api/http_server.hpp"
#include "api/http_types.hpp"
#include "api/request_log.hpp"

namespace vigie::api {

class HttpSession;

struct ServerState {
  HttpServerOptions options;
  ClientRequestHandler handler;
  UpgradeHandler upgrade;                         // empty: upgrades are answered 501
  std::vector<std::function<void()>> stop_hooks;  // run by stop(), for what upgrades took over
  RequestLogSink log;
  std::atomic<bool> stopping{false};

  // Sessions register here so stop() can reach them; weak so the roll never keeps one alive.
  std::mutex mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<HttpSession>> sessions;
  std::uint64_t next_session_id = 0;
};

}  // namespace vigie::api
