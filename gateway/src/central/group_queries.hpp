// What `vigie central serve` reads of the central database for the group's
// pages: sites first (compliance per criterion, open alerts, data
// completeness, shipping lag), then one site's teams, open alerts and
// pseudonymous agent-days, and the period's audit report citing each site's
// signed checkpoint. SQL only here; the API room sees JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "central/pg_connection.hpp"
#include "domain/event.hpp"

namespace vigie::central {

class GroupQueries {
 public:
  explicit GroupQueries(PgConnection& pg) : pg_(pg) {}

  // Every site, with its figures over [FROM, TO) (ms since the epoch).
  nlohmann::json sites(TimestampMs from, TimestampMs to);
  // One site's figures, teams, open alerts, latest checkpoint and, when AGENT_DAYS,
  // its agents' days (pseudonyms); nullopt for a site the central does not know.
  std::optional<nlohmann::json> site(const std::string& site, TimestampMs from, TimestampMs to,
                                     bool agent_days);
  // Per site and criterion over [FROM, TO), each site's checkpoint signed last before TO.
  nlohmann::json report(TimestampMs from, TimestampMs to);
  // A trivial statement: the database answers.
  bool answers();

 private:
  nlohmann::json site_rows(TimestampMs from, TimestampMs to,
                           const std::optional<std::string>& only);

  PgConnection& pg_;
};

}  // namespace vigie::central
