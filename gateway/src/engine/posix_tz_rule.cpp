#include "engine/posix_tz_rule.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "engine/civil_date.hpp"

namespace vigie::engine {
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  std::optional<int> number() {
    if (!std::isdigit(static_cast<unsigned char>(peek()))) return std::nullopt;
    int n = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      n = n * 10 + (s_[i_++] - '0');
      if (n > 100000) return std::nullopt;
    }
    return n;
  }
  // A zone abbreviation: 3+ letters, or <...> quoted (which allows digits and signs).
  bool name() {
    if (eat('<')) {
      while (!done() && peek() != '>') ++i_;
      return eat('>');
    }
    std::size_t start = i_;
    while (std::isalpha(static_cast<unsigned char>(peek()))) ++i_;
    return i_ - start >= 3;
  }
  // [+-]hh[:mm[:ss]] in seconds, sign as written.
  std::optional<std::int32_t> hms() {
    int sign = 1;
    if (eat('-'))
      sign = -1;
    else
      eat('+');
    auto h = number();
    if (!h || *h > 167) return std::nullopt;
    std::int32_t total = *h * 3600;
    if (eat(':')) {
      auto m = number();
      if (!m || *m > 59) return std::nullopt;
      total += *m * 60;
      if (eat(':')) {
        auto sec = number();
        if (!sec || *sec > 59) return std::nullopt;
        total += *sec;
      }
    }
    return sign * total;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<PosixTzRule> PosixTzRule::parse(std::string_view text) {
  Cursor c(text);
  PosixTzRule r;
  if (!c.name()) return std::nullopt;
  auto std_west = c.hms();
  if (!std_west) return std::nullopt;
  r.std_offset_ = -*std_west;  // POSIX offsets count west of Greenwich
  if (c.done()) return r;
  if (!c.name()) return std::nullopt;
  r.dst_offset_ = r.std_offset_ + 3600;
  if (c.peek() != ',' && !c.done()) {
    auto dst_west = c.hms();
    if (!dst_west) return std::nullopt;
    r.dst_offset_ = -*dst_west;
  }
  // Without rules POSIX leaves the dates to the implementation; tzdata always writes them.
  if (!c.eat(',')) return std::nullopt;
  for (Boundary* b : {&r.start_, &r.end_}) {
    if (c.eat('M')) {
      auto m = c.number();
      if (!m || !c.eat('.')) return std::nullopt;
      auto w = c.number();
      if (!w || !c.eat('.')) return std::nullopt;
      auto d = c.number();
      if (!d || *m < 1 || *m > 12 || *w < 1 || *w > 5 || *d > 6) return std::nullopt;
      b->form = Boundary::Form::month_week_day;
      b->month = *m;
      b->week = *w;
      b->day = *d;
    } else if (c.eat('J')) {
      auto n = c.number();
      if (!n || *n < 1 || *n > 365) return std::nullopt;
      b->form = Boundary::Form::julian_no_leap;
      b->day = *n;
    } else {
      auto n = c.number();
      if (!n || *n > 365) return std::nullopt;
      b->form = Boundary::Form::julian_zero;
      b->day = *n;
    }
    if (c.eat('/')) {
      auto t = c.hms();
      if (!t) return std::nullopt;
      b->time = *t;
    }
    if (b == &r.start_ && !c.eat(',')) return std::nullopt;
  }
  if (!c.done()) return std::nullopt;
  return r;
}

std::int64_t PosixTzRule::instant(const Boundary& b, int year, std::int32_t offset) {
  std::int64_t day = 0;  // days since 1970-01-01 of the boundary's local date
  const std::int64_t jan1 = days_from_date(CivilDate{year, 1, 1});
  switch (b.form) {
    case Boundary::Form::julian_no_leap:
      // Jn never counts February 29: day 60 is always March 1.
      day = jan1 + b.day - 1 + (is_leap_year(year) && b.day >= 60);
      break;
    case Boundary::Form::julian_zero:
      day = jan1 + b.day;
      break;
    case Boundary::Form::month_week_day: {
      CivilDate first{year, b.month, 1};
      int sunday_based = (weekday(first) + 1) % 7;
      int dom = 1 + (b.day - sunday_based + 7) % 7 + (b.week - 1) * 7;
      while (dom > days_in_month(year, b.month)) dom -= 7;
      day = days_from_date(CivilDate{year, b.month, dom});
      break;
    }
  }
  return day * 86400 + b.time - offset;
}

std::int32_t PosixTzRule::offset_at(std::int64_t t) const {
  if (!dst_offset_) return std_offset_;
  int year = date_from_days(floor_div(t, 86400)).year;
  // The last boundary at or before t, looking one year back for the one in force on Jan 1.
  std::int64_t best = INT64_MIN;
  std::int32_t offset = std_offset_;
  for (int y : {year - 1, year, year + 1}) {
    std::int64_t on = instant(start_, y, std_offset_);
    std::int64_t off = instant(end_, y, *dst_offset_);
    if (on <= t && on > best) {
      best = on;
      offset = *dst_offset_;
    }
    if (off <= t && off > best) {
      best = off;
      offset = std_offset_;
    }
  }
  return offset;
}

}  // namespace vigie::engine
