#include "custody/audit_service.hpp"

#include <unistd.h>

#include <cstdio>
#include <stdexcept>

#include "domain/wall_now.hpp"
#include "engine/civil_date.hpp"
#include "engine/time_zone.hpp"
#include "evidence/checkpointer.hpp"
#include "evidence/hash.hpp"
#include "evidence/pack_archive.hpp"
#include "evidence/pack_writer.hpp"
#include "store/ledger_repository.hpp"

namespace vigie::custody {
namespace {

// Removes the pack's working directory however the export ends.
struct ScratchDir {
  std::filesystem::path path;
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

GatewayAudit::GatewayAudit(const Config& config, store::Database& db,
                           const evidence::SigningKey& key)
    : config_(config), db_(db), key_(key) {}

std::optional<nlohmann::json> GatewayAudit::latest_checkpoint() {
  store::LedgerRepository ledger(db_);
  const auto latest = ledger.latest_checkpoint();
  if (!latest) return std::nullopt;
  return nlohmann::json{{"origin", evidence::ledger_origin(config_.site, config_.gateway_id)},
                        {"size", latest->size},
                        {"root", evidence::to_hex(latest->root)},
                        {"at", latest->signed_at},
                        {"fingerprint", evidence::fingerprint(key_.public_key())},
                        {"vkey", key_.verifier_key()},
                        {"note", latest->note}};
}

std::string GatewayAudit::pack_name(std::int64_t from, std::int64_t to) const {
  try {
    const auto zone = engine::TimeZone::load(config_.timezone);
    const auto local = [&zone](std::int64_t t) {
      const auto l = zone.to_local(t);
      std::string text = engine::to_string(l.date);
      if (l.ms_of_day != 0) {
        const auto minutes = l.ms_of_day / engine::kMsPerMinute;
        char hhmm[8];
        std::snprintf(hhmm, sizeof hhmm, "T%02dh%02d", static_cast<int>(minutes / 60),
                      static_cast<int>(minutes % 60));
        text += hhmm;
      }
      return text;
    };
    // The last day the pack covers: TO is excluded, so a period to midnight ends the day before.
    const auto last = zone.to_local(to);
    const std::string until =
        last.ms_of_day == 0 ? engine::to_string(engine::add_days(last.date, -1)) : local(to);
    return "vigie-audit-" + config_.site + "-" + local(from) + "-" + until;
  } catch (const std::exception&) {
    return api::AuditService::pack_name(from, to);
  }
}

std::optional<std::string> GatewayAudit::pack_archive(std::int64_t from, std::int64_t to) {
  store::LedgerRepository ledger(db_);
  if (ledger.size() == 0) return std::nullopt;
  const auto now = wall_now();
  const std::string name = pack_name(from, to);
  ScratchDir scratch{std::filesystem::temp_directory_path() /
                     (name + "-" + std::to_string(::getpid()) + "-" + std::to_string(now))};
  evidence::PackRequest request{config_.site,
                                evidence::ledger_origin(config_.site, config_.gateway_id),
                                config_.timezone,
                                from,
                                to,
                                scratch.path};
  evidence::write_pack(db_, key_, request, now);
  return evidence::tar_directory(scratch.path, name, now / 1000);
}

}  // namespace vigie::custody
