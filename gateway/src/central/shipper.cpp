#include "central/shipper.hpp"

#include <iostream>
#include <sstream>

#include "store/outbox_repository.hpp"

namespace vigie::central {

Shipper::Shipper(ShipperOptions options, std::unique_ptr<store::Database> store)
    : options_(std::move(options)), store_(std::move(store)) {
  options_.pg.stop = [this] { return stopping_.load(); };
}

Shipper::~Shipper() {
  stop();
}

void Shipper::start() {
  thread_ = std::thread([this] { run(); });
}

void Shipper::stop() {
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Shipper::pause(std::chrono::milliseconds how_long) {
  std::unique_lock lock(wake_mu_);
  wake_.wait_for(lock, how_long, [this] { return stopping_.load(); });
}

void Shipper::refresh_depth(store::OutboxRepository& outbox) {
  const auto d = outbox.depth();
  depth_ = d.rows;
  oldest_ = d.oldest.value_or(0);
}

void Shipper::failed(const std::string& what) {
  failures_++;
  connected_ = false;
  std::lock_guard lock(error_mu_);
  // One line per kind of failure, not one per retry: a WAN outage may last days.
  if (what != last_error_)
    std::cerr << "vigie: central: " << what << "; " << depth_.load()
              << " facts wait in the outbox, shipped once it answers" << std::endl;
  last_error_ = what;
}

void Shipper::run() {
  store::OutboxRepository outbox(*store_);
  std::unique_ptr<PgConnection> pg;
  auto backoff = std::chrono::milliseconds(1000);
  while (!stopping_) {
    try {
      // Once per run, on this thread: a store refusing writes at start delays it, nothing more.
      if (!enabled_) {
        outbox.enable();
        enabled_ = true;
      }
      refresh_depth(outbox);
      if (depth_ > 0) {
        if (!pg || !pg->usable()) {
          pg.reset();
          connected_ = false;
          pg = std::make_unique<PgConnection>(options_.pg);
          connected_ = true;
        }
        while (!stopping_) {
          const auto r = ship_next(outbox, *pg, options_.shipment);
          if (r.outbox_rows == 0) break;
          shipped_rows_ += r.outbox_rows;
          batches_++;
          refresh_depth(outbox);
          std::lock_guard lock(error_mu_);
          if (!last_error_.empty())
            std::cerr << "vigie: central: shipping again, " << depth_.load() << " facts to go"
                      << std::endl;
          last_error_.clear();
        }
      }
      backoff = std::chrono::milliseconds(1000);
      pause(options_.interval);
    } catch (const std::exception& e) {
      if (stopping_) break;
      pg.reset();
      failed(e.what());
      pause(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(30'000));
    }
  }
  pg.reset();
  connected_ = false;
}

OutboxStatus Shipper::status() const {
  OutboxStatus s;
  s.depth = depth_;
  const auto oldest = oldest_.load();
  if (oldest > 0 && options_.clock)
    s.oldest_age_seconds = std::max<double>(0, (options_.clock() - oldest) / 1000.0);
  s.central_connected = connected_;
  std::lock_guard lock(error_mu_);
  s.last_error = last_error_;
  return s;
}

std::string Shipper::prometheus_text() const {
  const auto s = status();
  std::ostringstream out;
  out << "# HELP vigie_outbox_depth Facts queued for the central PostgreSQL, not committed there "
         "yet.\n# TYPE vigie_outbox_depth gauge\nvigie_outbox_depth "
      << s.depth
      << "\n# HELP vigie_outbox_oldest_age_seconds Age of the oldest queued fact (0 when none).\n"
         "# TYPE vigie_outbox_oldest_age_seconds gauge\nvigie_outbox_oldest_age_seconds "
      << s.oldest_age_seconds
      << "\n# HELP vigie_central_connected Whether the link to the central PostgreSQL is up.\n"
         "# TYPE vigie_central_connected gauge\nvigie_central_connected "
      << (s.central_connected ? 1 : 0)
      << "\n# HELP vigie_central_shipped_total Outbox rows committed by the central PostgreSQL.\n"
         "# TYPE vigie_central_shipped_total counter\nvigie_central_shipped_total "
      << shipped_rows_.load()
      << "\n# HELP vigie_central_batches_total Shipments committed by the central PostgreSQL.\n"
         "# TYPE vigie_central_batches_total counter\nvigie_central_batches_total "
      << batches_.load()
      << "\n# HELP vigie_central_failures_total Shipments or connections that failed (tried "
         "again).\n# TYPE vigie_central_failures_total counter\nvigie_central_failures_total "
      << failures_.load() << "\n";
  return out.str();
}

}  // namespace vigie::central
