// The gateway's evidence duties, on the engine's thread: the ledger fed from
// the evidence tables every second (and at start and stop), the référentiel
// and configuration in force recorded at start, and a signed checkpoint every
// `evidence.checkpoint_every`, published retained on vigie/v1/{site}/checkpoint
// so a copy lives outside the gateway's disk; and once a day (and at start)
// the retention purge: raw events after `retention.raw_days`, ledger entries
// after `retention.evidence_days` (their leaf hashes and every checkpoint stay).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "broker/outbox.hpp"
#include "config/config.hpp"
#include "evidence/checkpointer.hpp"
#include "evidence/ledger_feed.hpp"
#include "evidence/retention.hpp"
#include "evidence/signed_note.hpp"
#include "store/database.hpp"
#include "summary/day_summary.hpp"

namespace vigie::custody {

class EvidenceService {
 public:
  // Throws std::runtime_error when the signing key cannot be read or created.
  EvidenceService(const Config& config, store::Database& db,
                  evidence::LedgerFeedOptions feed_options, broker::Outbox& outbox,
                  boost::asio::io_context& io);

  // Each agent's daily summary goes into the ledger once the site's day is
  // over (checked hourly, and at start for the last week at most).
  void enable_day_summaries(summary::DaySummaryInput input) { days_ = std::move(input); }
  // Records what is in force, catches up, checkpoints, and starts the timers.
  void start(const nlohmann::json& referentiel, const nlohmann::json& config, TimestampMs now);
  // A last catch-up and checkpoint; the timers stop.
  void stop(TimestampMs now);
  // After a (re)connect: the latest checkpoint again (retained).
  void republish();
  const evidence::SigningKey& key() const { return key_; }
  // HOOK runs on the engine's thread after each new checkpoint is stored. Before start().
  void on_checkpoint(std::function<void()> hook) { on_checkpoint_ = std::move(hook); }
  // When the ledger was last found checkpointed (a checkpoint signed, or the latest
  // one still covering every entry); 0 before the first. From any thread.
  TimestampMs last_checkpoint() const { return last_checkpoint_; }

 private:
  void catch_up();
  void checkpoint(TimestampMs now);
  // DUTY every PERIOD on TIMER, on the engine's thread, while the service runs.
  void repeat(boost::asio::steady_timer& timer, std::chrono::milliseconds period,
              std::function<void()> duty);
  void purge(TimestampMs now);
  void summarise(TimestampMs now);

  evidence::SigningKey key_;
  evidence::LedgerFeed feed_;
  evidence::Checkpointer checkpointer_;
  broker::Outbox& outbox_;
  std::string topic_;
  std::chrono::milliseconds every_;
  evidence::RetentionPolicy retention_;
  store::Database& db_;
  std::optional<summary::DaySummaryInput> days_;
  boost::asio::steady_timer feed_timer_, checkpoint_timer_, purge_timer_, summary_timer_;
  std::string published_;
  bool running_ = false;
  std::atomic<TimestampMs> last_checkpoint_{0};
  std::function<void()> on_checkpoint_;
};

}  // namespace vigie::custody
