// Proleptic Gregorian dates, as days since 1970-01-01, for work days and weeks.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace vigie::engine {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const CivilDate&) const = default;
};

constexpr std::int64_t kMsPerSecond = 1000;
constexpr std::int64_t kMsPerMinute = 60 * kMsPerSecond;
constexpr std::int64_t kMsPerHour = 60 * kMsPerMinute;
constexpr std::int64_t kMsPerDay = 24 * kMsPerHour;

bool is_leap_year(int year);
int days_in_month(int year, int month);
// Days since 1970-01-01 (negative before).
std::int64_t days_from_date(CivilDate d);
CivilDate date_from_days(std::int64_t days);
// ISO weekday: Monday 0 ... Sunday 6.
int weekday(CivilDate d);
CivilDate add_days(CivilDate d, std::int64_t n);
// The Monday of d's week: a week runs Monday to Sunday.
CivilDate monday_of(CivilDate d);
std::string to_string(CivilDate d);  // "2026-03-29"
// "2026-03-29" (exactly YYYY-MM-DD, a day that exists), or nullopt.
std::optional<CivilDate> parse_civil_date(const std::string& text);

// Floor division and modulo for negative numerators (times before 1970).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  return a - floor_div(a, b) * b;
}

}  // namespace vigie::engine
