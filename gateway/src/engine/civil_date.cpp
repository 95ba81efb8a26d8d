#include "engine/civil_date.hpp"

#include <array>
#include <cstdio>

namespace vigie::engine {
namespace {

// Leap years in [1, year): the Gregorian rule counted up to year - 1.
std::int64_t leap_years_before(std::int64_t year) {
  std::int64_t y = year - 1;
  return floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400);
}

std::int64_t days_before_year(std::int64_t year) {
  return 365 * (year - 1970) + leap_years_before(year) - leap_years_before(1970);
}

int days_before_month(int year, int month) {
  static constexpr std::array<int, 12> kCumulative{0,   31,  59,  90,  120, 151,
                                                   181, 212, 243, 273, 304, 334};
  return kCumulative[static_cast<std::size_t>(month - 1)] + (month > 2 && is_leap_year(year));
}

}  // namespace

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && is_leap_year(year));
}

std::int64_t days_from_date(CivilDate d) {
  return days_before_year(d.year) + days_before_month(d.year, d.month) + (d.day - 1);
}

CivilDate date_from_days(std::int64_t days) {
  // Estimate the year from the mean Gregorian year, then correct by whole years.
  auto year = static_cast<int>(1970 + floor_div(days * 400, 146097));
  while (days_before_year(year) > days) --year;
  while (days_before_year(year + 1) <= days) ++year;
  int doy = static_cast<int>(days - days_before_year(year));
  int month = 1;
  while (month < 12 && days_before_month(year, month + 1) <= doy) ++month;
  return CivilDate{year, month, doy - days_before_month(year, month) + 1};
}

int weekday(CivilDate d) {
  // 1970-01-01 was a Thursday (3 with Monday as 0).
  return static_cast<int>(floor_mod(days_from_date(d) + 3, 7));
}

CivilDate add_days(CivilDate d, std::int64_t n) {
  return date_from_days(days_from_date(d) + n);
}

CivilDate monday_of(CivilDate d) {
  return add_days(d, -weekday(d));
}

std::string to_string(CivilDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<CivilDate> parse_civil_date(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return CivilDate{y, m, d};
}

}  // namespace vigie::engine
