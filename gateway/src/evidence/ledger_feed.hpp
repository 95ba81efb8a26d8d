// Feeds the evidence ledger from the evidence tables: every alert transition
// (acknowledgements and justifications included), node birth and state change,
// gap opened and gap closed, in the order they were stored, plus each
// référentiel or configuration loaded. It appends what the ledger lacks, so a
// crash between a commit and its ledger entry loses nothing: the next catch-up
// appends it. Entries are canonical JSON whose times are inside what is hashed;
// agent identifiers are pseudonymised before anything is written.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/event.hpp"
#include "store/database.hpp"
#include "store/ledger_repository.hpp"
#include "store/ledger_sources.hpp"

namespace vigie::evidence {

struct LedgerFeedOptions {
  std::string site;
  // Rewrites an alert object for auditors (agent id, alert id, summary).
  std::function<nlohmann::json(nlohmann::json)> pseudonymise_alert;
  // An agent identifier's pseudonym.
  std::function<std::string(const std::string&)> pseudonym;
};

// An alert transition as it may leave the gateway's store (ledger entries, the
// group's central database): the alert as PSEUDONYMISE_ALERT rewrites it, and
// the transition's key, which starts with the alert id, with that id rewritten
// the same way. The one place that says what of a transition is pseudonymised.
struct PseudonymousTransition {
  nlohmann::json alert;
  std::string key;
};
PseudonymousTransition pseudonymous_transition(
    const std::string& key, const std::string& alert_json,
    const std::function<nlohmann::json(nlohmann::json)>& pseudonymise_alert);

// DATA as an entry holds it: every float that is an integer written as an
// integer, any other kept as the text nlohmann writes for it.
nlohmann::json integers_only(nlohmann::json data);

class LedgerFeed {
 public:
  LedgerFeed(store::Database& db, LedgerFeedOptions options);

  // Appends every evidence row not in the ledger yet; returns how many.
  std::size_t catch_up();
  // A référentiel or configuration in force from AT (kind "referentiel.loaded",
  // "config.loaded"): recorded when its content hash differs from the last one.
  bool record_load(const std::string& kind, TimestampMs at, const nlohmann::json& body);

  // Appends one entry for (SRC, SRC_ID) unless the ledger already has it: for
  // evidence computed elsewhere (the agents' daily summaries).
  bool append(const std::string& src, std::int64_t src_id, const std::string& kind, TimestampMs at,
              const nlohmann::json& data);

  // The bytes of the entry at IDX (exposed for tests of the format).
  static std::string entry_text(std::int64_t idx, const std::string& kind, TimestampMs at,
                                const std::string& site, const nlohmann::json& data);

 private:
  std::size_t feed_alerts();
  std::size_t feed_nodes();
  std::size_t feed_gaps_opened();
  std::size_t feed_gaps_closed();

  store::LedgerRepository ledger_;
  store::LedgerSources sources_;
  LedgerFeedOptions options_;
};

}  // namespace vigie::evidence
