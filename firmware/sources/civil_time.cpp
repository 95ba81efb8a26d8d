#include "civil_time.hpp"

namespace vigie::sources {

namespace {

bool take_digits(std::string_view& s, std::size_t n, int& out) {
  if (s.size() < n) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  s.remove_prefix(n);
  return true;
}

bool take(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool parse_iso_datetime(std::string_view s, CivilTime& t) {
  t = CivilTime();
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (!take_digits(s, 4, t.year) || !take(s, '-') || !take_digits(s, 2, t.month) || !take(s, '-') ||
      !take_digits(s, 2, t.day))
    return false;
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month))
    return false;
  if (!s.empty() && (s.front() == ' ' || s.front() == 'T')) {
    s.remove_prefix(1);
    if (!take_digits(s, 2, t.hour) || !take(s, ':') || !take_digits(s, 2, t.minute)) return false;
    if (take(s, ':')) {
      if (!take_digits(s, 2, t.second)) return false;
      if (take(s, '.')) {
        int digits = 0;
        int ms = 0;
        while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
          if (digits < 3) ms = ms * 10 + (s.front() - '0');
          ++digits;
          s.remove_prefix(1);
        }
        if (digits == 0) return false;
        for (int i = digits; i < 3; ++i) ms *= 10;
        t.ms = ms;
      }
    }
    if (t.hour > 23 || t.minute > 59 || t.second > 60) return false;
  }
  if (s.empty()) return true;
  if (s == "Z") {
    t.has_zone = true;
    return true;
  }
  const int sign = s.front() == '+' ? 1 : s.front() == '-' ? -1 : 0;
  if (sign == 0) return false;
  s.remove_prefix(1);
  int hh = 0, mm = 0;
  if (!take_digits(s, 2, hh)) return false;
  take(s, ':');
  if (!take_digits(s, 2, mm) || !s.empty() || hh > 14 || mm > 59) return false;
  t.has_zone = true;
  t.offset_min = sign * (hh * 60 + mm);
  return true;
}

std::int64_t days_from_civil(int year, int month, int day) {
  // Years counted from March, so the leap day ends a year (a well-known reckoning).
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t m = month > 2 ? month - 3 : month + 9;
  const std::int64_t day_of_year = (153 * m + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

std::int64_t to_epoch_ms(const CivilTime& t) {
  const std::int64_t seconds = days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 +
                               t.minute * 60 + t.second - t.offset_min * 60;
  return seconds * 1000 + t.ms;
}

}  // namespace vigie::sources
