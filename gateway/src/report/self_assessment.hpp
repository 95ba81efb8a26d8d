// The self-assessment report's figures (issue 19): for each agent criterion of the profile in
// force, the agents' days of the period that held, breached, were justified or lacked data,
// week by week and the trend, and the three situations (days of the week) where breaches
// were most frequent; the data's completeness; and the signed checkpoint of the evidence
// ledger the figures come from, checked. Read from the ledger's agent.day entries only, so
// the same figures can later be proven in an audit pack. No agent is named in it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "evidence/signed_note.hpp"
#include "referentiel/referentiel.hpp"
#include "store/database.hpp"
#include "summary/team_tally.hpp"

namespace vigie::report {

// Where the breaches of a criterion happened most: one day of the week.
struct Situation {
  int weekday = 0;  // ISO: Monday 0 ... Sunday 6
  std::int64_t breached = 0, days = 0;  // that criterion's breached days, and all days then
  std::int64_t mean_work_ms = 0, mean_longest_work_ms = 0;  // over the breached days
};

enum class Trend { better, worse, steady, unknown };
const char* to_string(Trend t);

struct CriterionFigures {
  std::string id, title, severity;
  std::vector<std::string> sources;
  summary::VerdictCounts counts;
  std::vector<std::pair<std::string, summary::VerdictCounts>> weeks;  // by Monday, in order
  Trend trend = Trend::unknown;
  std::vector<Situation> situations;  // at most 3, most breaches first
};

// The figures of DAYS (the data of agent.day ledger entries) for REFERENTIEL's agent criteria.
// The trend compares the first and the last week with judged days: 5 points or more apart
// is better or worse, less is steady; a single week is unknown.
std::vector<CriterionFigures> criterion_figures(const std::vector<nlohmann::json>& days,
                                                const referentiel::ActiveReferentiel& referentiel);

struct CheckpointReference {
  std::string origin, root_hex, note, fingerprint;
  std::int64_t size = 0;
  std::int64_t signed_at = 0;
  bool verified = false;
  std::string problem;  // why it was not verified
};

struct SelfAssessment {
  std::string site, time_zone, from_text, to_text;
  std::string referentiel, version, profile;
  std::int64_t agent_days = 0, agent_days_without_data = 0;
  std::int64_t gaps_open = 0, gaps_lost = 0;
  std::vector<CriterionFigures> criteria;
  std::optional<CheckpointReference> checkpoint;  // nullopt: the ledger has none
};

struct AssessmentRequest {
  std::string site, time_zone, from_text, to_text;  // as the report names them
  std::int64_t from = 0, to = 0;                    // [from, to) in ms
  const referentiel::ActiveReferentiel* referentiel = nullptr;
  const evidence::SigningKey* key = nullptr;  // the gateway's evidence key
};

// Reads the agent.day entries whose time falls in [from, to) and the latest checkpoint, and
// checks that the checkpoint is signed by the key, that its root is the ledger's leaves' and
// that it covers every entry used (each entry's bytes hashing to its leaf).
SelfAssessment assess(store::Database& db, const AssessmentRequest& request);

}  // namespace vigie::report
