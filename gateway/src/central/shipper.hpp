// The outbox's shipper: a thread of its own (never the HTTP, engine or Paho
// thread) with its own store connection, that enables the outbox (queueing the
// history once) and ships it to the central PostgreSQL batch after batch while
// there is any, looks again every `central.interval`, and after any failure
// (WAN down, PostgreSQL restarting or refusing, the store refusing) closes the
// link and tries again, 1 s doubling to 30 s. Its depth, age and link are
// readable from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "central/pg_connection.hpp"
#include "central/shipment.hpp"
#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::central {

struct ShipperOptions {
  ShipmentOptions shipment;
  PgOptions pg;  // conninfo, password, timeout; stop is the shipper's own
  std::chrono::milliseconds interval = std::chrono::seconds(2);
  std::function<TimestampMs()> clock;  // the wall clock, for the outbox's age
};

struct OutboxStatus {
  std::int64_t depth = 0;
  double oldest_age_seconds = 0;  // 0 when empty
  bool central_connected = false;
  std::string last_error;  // the last failure's words, until a shipment succeeds
};

class Shipper {
 public:
  // STORE: a connection of the shipper's own, used only by its thread once started.
  Shipper(ShipperOptions options, std::unique_ptr<store::Database> store);
  ~Shipper();  // stops
  Shipper(const Shipper&) = delete;
  Shipper& operator=(const Shipper&) = delete;

  void start();
  // Ends the thread within about 100 ms plus the shipment in hand's local work;
  // a batch not committed centrally stays in the outbox.
  void stop();
  OutboxStatus status() const;
  std::string prometheus_text() const;

 private:
  void run();
  void refresh_depth(store::OutboxRepository& outbox);
  void failed(const std::string& what);
  void pause(std::chrono::milliseconds how_long);

  ShipperOptions options_;
  std::unique_ptr<store::Database> store_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  bool enabled_ = false;  // the outbox, by this run (shipper thread only)
  std::mutex wake_mu_;
  std::condition_variable wake_;

  std::atomic<std::int64_t> depth_{0};
  std::atomic<TimestampMs> oldest_{0};  // 0: empty
  std::atomic<bool> connected_{false};
  std::atomic<std::uint64_t> shipped_rows_{0}, batches_{0}, failures_{0};
  mutable std::mutex error_mu_;
  std::string last_error_;  // guarded by error_mu_
};

}  // namespace vigie::central
