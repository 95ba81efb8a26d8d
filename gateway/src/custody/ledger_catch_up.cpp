#include "custody/ledger_catch_up.hpp"

#include <algorithm>

#include "api/pseudonymiser.hpp"
#include "custody/pseudonym.hpp"
#include "evidence/ledger_feed.hpp"
#include "summary/day_summary.hpp"

namespace vigie::custody {

void catch_up_ledger(store::Database& db, const Config& config, const engine::EngineOptions& engine,
                     engine::CivilDate first, engine::CivilDate last, TimestampMs now) {
  PseudonymKey pseudonym_key(config.evidence.pseudonym_key_file);
  api::Pseudonymiser pseudonyms([&](const std::string& id) { return pseudonym_key.pseudonym(id); });
  evidence::LedgerFeed feed(db, {config.site, [&](nlohmann::json a) { return pseudonyms.alert(a); },
                                 [&](const std::string& id) { return pseudonyms.pseudonym(id); }});
  feed.catch_up();
  const summary::DaySummaryInput days{
      &engine.zone, &engine.referentiel,
      [&](const std::string& id) { return pseudonyms.pseudonym(id); }};
  const auto last_day = std::min(last, summary::last_complete_day(engine.zone, now));
  if (!(last_day < first)) summary::record_day_summaries(db, feed, days, first, last_day);
}

}  // namespace vigie::custody
