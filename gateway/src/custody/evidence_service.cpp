#include "custody/evidence_service.hpp"

#include <iostream>

#include "broker/topics.hpp"
#include "domain/wall_now.hpp"

namespace vigie::custody {

EvidenceService::EvidenceService(const Config& config, store::Database& db,
                                 evidence::LedgerFeedOptions feed_options, broker::Outbox& outbox,
                                 boost::asio::io_context& io)
    : key_(evidence::SigningKey::load_or_create(
          config.evidence.key_file, evidence::ledger_origin(config.site, config.gateway_id))),
      feed_(db, std::move(feed_options)),
      checkpointer_(db, key_, evidence::ledger_origin(config.site, config.gateway_id)),
      outbox_(outbox),
      topic_(broker::checkpoint_topic(config.site)),
      every_(config.evidence.checkpoint_every),
      retention_{config.retention.raw_days, config.retention.evidence_days},
      db_(db),
      feed_timer_(io),
      checkpoint_timer_(io),
      purge_timer_(io),
      summary_timer_(io) {}

void EvidenceService::start(const nlohmann::json& referentiel, const nlohmann::json& config,
                            TimestampMs now) {
  feed_.record_load("referentiel.loaded", now, referentiel);
  feed_.record_load("config.loaded", now, config);
  catch_up();
  summarise(now);
  checkpoint(now);
  purge(now);
  running_ = true;
  repeat(feed_timer_, std::chrono::seconds(1), [this] { catch_up(); });
  repeat(checkpoint_timer_, every_, [this] {
    catch_up();
    checkpoint(wall_now());
  });
  repeat(purge_timer_, std::chrono::hours(24), [this] { purge(wall_now()); });
  repeat(summary_timer_, std::chrono::hours(1), [this] { summarise(wall_now()); });
}

void EvidenceService::stop(TimestampMs now) {
  running_ = false;
  feed_timer_.cancel();
  checkpoint_timer_.cancel();
  purge_timer_.cancel();
  summary_timer_.cancel();
  catch_up();
  checkpoint(now);
}

void EvidenceService::catch_up() {
  try {
    feed_.catch_up();
  } catch (const std::exception& e) {
    // Nothing is lost: the next catch-up starts again from the ledger's end.
    std::cerr << "vigie: evidence ledger: " << e.what() << std::endl;
  }
}

void EvidenceService::checkpoint(TimestampMs now) {
  try {
    const auto note = checkpointer_.checkpoint(now);
    if (note && *note != published_) {
      published_ = *note;
      outbox_.publish(topic_, *note, true);
      if (on_checkpoint_) on_checkpoint_();
    }
    last_checkpoint_ = now;
  } catch (const std::exception& e) {
    std::cerr << "vigie: evidence checkpoint: " << e.what() << std::endl;
  }
}

void EvidenceService::purge(TimestampMs now) {
  try {
    // What the ledger has not taken yet is fed first: a purge never outruns the feed.
    catch_up();
    const auto r = evidence::purge(db_, retention_, now);
    if (r.events + r.quarantine + r.ledger_entries > 0)
      std::cerr << "vigie: retention: purged " << r.events << " raw events, " << r.quarantine
                << " quarantined messages, " << r.ledger_entries << " ledger entries" << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "vigie: retention: " << e.what() << std::endl;
  }
}

void EvidenceService::summarise(TimestampMs now) {
  if (!days_) return;
  try {
    const auto last = summary::last_complete_day(*days_->zone, now);
    summary::record_day_summaries(db_, feed_, *days_, engine::add_days(last, -6), last);
  } catch (const std::exception& e) {
    std::cerr << "vigie: daily summaries: " << e.what() << std::endl;
  }
}

void EvidenceService::republish() {
  if (!published_.empty()) outbox_.publish(topic_, published_, true);
}

void EvidenceService::repeat(boost::asio::steady_timer& timer, std::chrono::milliseconds period,
                             std::function<void()> duty) {
  timer.expires_after(period);
  timer.async_wait(
      [this, &timer, period, duty = std::move(duty)](const boost::system::error_code& ec) mutable {
        if (ec || !running_) return;
        duty();
        repeat(timer, period, std::move(duty));
      });
}

}  // namespace vigie::custody
