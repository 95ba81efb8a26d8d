// Site-level figures of a period [from, to), read from the store for the staff
// representatives' view and the self-assessment report: noise by zone, the
// reviews of alerts, the data gaps by what became of them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

struct ZoneNoise {
  std::string zone;
  std::int64_t samples = 0;
  double laeq_mean_db = 0, laeq_max_db = 0;
};

struct AlertReviews {
  std::int64_t acks = 0, justifications = 0;
};

// Each zone's env.sample noise of the period, by zone.
std::vector<ZoneNoise> noise_by_zone(Database& db, TimestampMs from, TimestampMs to);
// Acknowledgements and justifications recorded in the period.
AlertReviews alert_reviews(Database& db, TimestampMs from, TimestampMs to);
// The gaps that overlap the period, counted by status ("open", "filled", "lost").
std::map<std::string, std::int64_t> gaps_by_status(Database& db, TimestampMs from, TimestampMs to);

}  // namespace vigie::store
