#include "api/live_hub.hpp"

#include <algorithm>

#include "api/http_server.hpp"
#include "api/live_hub_core.hpp"
#include "api/live_session.hpp"

namespace vigie::api {

SharedText serialise(const nlohmann::json& message) {
  // A message may carry bytes from a node; replace invalid UTF-8 rather than throw.
  return std::make_shared<const std::string>(
      message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void merge(OutboxCounters& a, const OutboxCounters& b) {
  a.overflows += b.overflows;
  a.dropped += b.dropped;
  a.peak_messages = std::max(a.peak_messages, b.peak_messages);
  a.peak_bytes = std::max(a.peak_bytes, b.peak_bytes);
}

std::uint64_t LiveHubCore::join(const std::shared_ptr<LiveSession>& session) {
  const std::lock_guard lock(mutex);
  // Checked under the lock that close_all() takes to read the roll: no session slips past it.
  if (closing) return 0;
  const std::uint64_t id = ++next_id;
  sessions.emplace(id, session);
  return id;
}

void LiveHubCore::leave(std::uint64_t id, const OutboxCounters& counters) {
  const std::lock_guard lock(mutex);
  sessions.erase(id);
  merge(ended, counters);
}

std::vector<std::shared_ptr<LiveSession>> LiveHubCore::open_sessions() const {
  std::vector<std::shared_ptr<LiveSession>> open;
  const std::lock_guard lock(mutex);
  open.reserve(sessions.size());
  for (const auto& [id, weak] : sessions) {
    if (auto s = weak.lock()) open.push_back(std::move(s));
  }
  return open;
}

void LiveHubCore::close_all() {
  {
    const std::lock_guard lock(mutex);
    closing = true;
  }
  // Outside the lock: a session's last reference may go here, and its destructor takes it.
  for (const auto& session : open_sessions()) session->close();
}

LiveHub::LiveHub(const Authenticator& auth, const Pseudonymiser& pseudonyms,
                 SnapshotProvider snapshot, LiveHubOptions options)
    : core_(std::make_shared<LiveHubCore>(auth, pseudonyms, std::move(snapshot),
                                          std::move(options))) {}

LiveHub::~LiveHub() {
  close_all();
}

void LiveHub::publish(const nlohmann::json& message) {
  core_->published += 1;
  const auto open = core_->open_sessions();
  SharedText clear, pseudonymised;
  for (const auto& session : open) {
    // Serialised once per audience, only if someone of that audience listens.
    SharedText& text = session->wants_pseudonyms() ? pseudonymised : clear;
    if (!text) {
      text = session->wants_pseudonyms() ? serialise(core_->pseudonyms.message(message))
                                         : serialise(message);
    }
    session->offer(clear, pseudonymised);
  }
}

void LiveHub::attach(HttpServer& server) {
  server.set_upgrade_handler([core = core_](ApiStream&& stream, Request&& request) {
    std::make_shared<LiveSession>(std::move(stream), core)->start(std::move(request));
  });
  server.on_stop([core = core_] { core->close_all(); });
}

void LiveHub::accept(ApiStream&& stream, Request&& request) {
  std::make_shared<LiveSession>(std::move(stream), core_)->start(std::move(request));
}

void LiveHub::close_all() {
  core_->close_all();
}

bool LiveHub::listened() const {
  const std::lock_guard lock(core_->mutex);
  return !core_->sessions.empty();
}

LiveHubStats LiveHub::stats() const {
  LiveHubStats out;
  out.published = core_->published;
  out.snapshots_sent = core_->snapshots_sent;
  const auto open = core_->open_sessions();
  out.clients = open.size();
  {
    const std::lock_guard lock(core_->mutex);
    out.outbox = core_->ended;
  }
  for (const auto& session : open) merge(out.outbox, session->counters());
  return out;
}

}  // namespace vigie::api
