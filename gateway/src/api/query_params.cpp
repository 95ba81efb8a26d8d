#include "api/query_params.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace vigie::api {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      const int hi = hex_digit(in[i + 1]);
      const int lo = hex_digit(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string list(std::initializer_list<std::string_view> keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

}  // namespace

Parsed<QueryParams> parse_query(std::string_view query,
                                std::initializer_list<std::string_view> allowed) {
  QueryParams params;
  std::vector<std::string> seen;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const auto key = percent_decode(pair.substr(0, eq));
    const auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!key || !value) {
      return Parsed<QueryParams>::fail("malformed %-escape in the query string");
    }
    if (std::find(allowed.begin(), allowed.end(), *key) == allowed.end()) {
      // Not named: nothing of the request is echoed back.
      return Parsed<QueryParams>::fail("an unknown query parameter; this endpoint accepts " +
                                       list(allowed));
    }
    if (std::find(seen.begin(), seen.end(), *key) != seen.end()) {
      return Parsed<QueryParams>::fail("query parameter '" + *key + "' given more than once");
    }
    seen.push_back(*key);
    if (!value->empty()) params.emplace(*key, *value);
  }
  return Parsed<QueryParams>::ok(std::move(params));
}

Parsed<std::int64_t> parse_epoch_ms(std::string_view name, std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < 0 || text.empty()) {
    return Parsed<std::int64_t>::fail("'" + std::string(name) +
                                      "' must be a time in milliseconds since the Unix epoch (a "
                                      "non-negative integer)");
  }
  return Parsed<std::int64_t>::ok(v);
}

namespace {

// Digits of TEXT at [pos, pos + n) as a number, or -1.
int digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Days from 1970-01-01 to Y-M-D (proleptic Gregorian), counted year by year then month by
// month: years here are 1970..9999, so the loop stays short enough for a query parameter.
std::int64_t days_since_epoch(int y, int m, int d) {
  std::int64_t days = 0;
  for (int year = 1970; year < y; ++year) days += leap(year) ? 366 : 365;
  for (int month = 1; month < m; ++month) days += days_in_month(y, month);
  return days + d - 1;
}

}  // namespace

Parsed<std::int64_t> parse_time_param(std::string_view name, std::string_view text,
                                      const SiteLocalToUtc& site) {
  const auto fail = [&] {
    return Parsed<std::int64_t>::fail(
        "'" + std::string(name) +
        "' must be a date (2026-12-07), a date and time (2026-12-07T08:30, on the site's clock, "
        "or with Z or +01:00) or a time in milliseconds since the Unix epoch");
  };
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const auto ms = parse_epoch_ms(name, text);
    return ms.value ? ms : fail();
  }
  const int y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  if (y < 1970 || text.size() < 10 || text[4] != '-' || text[7] != '-' || mo < 1 || mo > 12 ||
      d < 1 || d > days_in_month(y, mo))
    return fail();
  std::int64_t ms_of_day = 0;
  std::size_t pos = 10;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != ' ') return fail();
    const int hh = digits(text, pos + 1, 2), mm = digits(text, pos + 4, 2);
    if (hh < 0 || hh > 23 || text.size() < pos + 6 || text[pos + 3] != ':' || mm < 0 || mm > 59)
      return fail();
    ms_of_day = (hh * 60 + mm) * 60000LL;
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      const int ss = digits(text, pos + 1, 2);
      if (ss < 0 || ss > 59) return fail();
      ms_of_day += ss * 1000LL;
      pos += 3;
    }
  }
  if (pos == text.size()) {
    if (site) return Parsed<std::int64_t>::ok(site(y, mo, d, ms_of_day));
    return Parsed<std::int64_t>::ok(days_since_epoch(y, mo, d) * 86400000LL + ms_of_day);
  }
  std::int64_t offset_ms = 0;
  if (text.substr(pos) == "Z") {
    offset_ms = 0;
  } else if ((text[pos] == '+' || text[pos] == '-') && text.size() == pos + 6 && text[pos + 3] == ':') {
    const int oh = digits(text, pos + 1, 2), om = digits(text, pos + 4, 2);
    if (oh < 0 || oh > 14 || om < 0 || om > 59) return fail();
    offset_ms = (oh * 60 + om) * 60000LL * (text[pos] == '-' ? -1 : 1);
  } else {
    return fail();
  }
  const std::int64_t utc = days_since_epoch(y, mo, d) * 86400000LL + ms_of_day - offset_ms;
  if (utc < 0) return fail();
  return Parsed<std::int64_t>::ok(utc);
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

}  // namespace vigie::api
