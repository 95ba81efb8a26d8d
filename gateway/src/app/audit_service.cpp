#include "app/audit_service.hpp"

#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "evidence/checkpointer.hpp"
#include "evidence/hash.hpp"
#include "evidence/pack_archive.hpp"
#include "evidence/pack_writer.hpp"
#include "store/ledger_repository.hpp"

namespace vigie::app {
namespace {

TimestampMs wall_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

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

std::optional<std::string> GatewayAudit::pack_archive(std::int64_t from, std::int64_t to) {
  store::LedgerRepository ledger(db_);
  if (ledger.size() == 0) return std::nullopt;
  const auto now = wall_now();
  const std::string name = "vigie-audit-" + std::to_string(from) + "-" + std::to_string(to);
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

}  // namespace vigie::app
