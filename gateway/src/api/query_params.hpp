// The query string of a request, decoded and checked against the keys a route accepts.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::api {

// A value or what was wrong with the input, in words for the client.
template <typename T>
struct Parsed {
  std::optional<T> value;
  std::string error;  // set when value is not
  static Parsed ok(T v) { return {std::move(v), {}}; }
  static Parsed fail(std::string why) { return {std::nullopt, std::move(why)}; }
};

using QueryParams = std::map<std::string, std::string, std::less<>>;

// "state=all&criterion=BRK-01" -> {state: all, criterion: BRK-01}, percent-decoded ('+' is a
// space). Fails on a key outside ALLOWED, a key given twice or a bad %-escape. An empty value
// ("since=") counts as absent, so a form may send every field.
Parsed<QueryParams> parse_query(std::string_view query,
                                std::initializer_list<std::string_view> allowed);

// Milliseconds since the epoch, a plain non-negative decimal integer; NAME is for the message.
Parsed<std::int64_t> parse_epoch_ms(std::string_view name, std::string_view text);

// The instant the site's clock reads MS_OF_DAY on the civil date YEAR-MONTH-DAY, in ms since
// the epoch. Empty: the site's clock is UTC.
using SiteLocalToUtc = std::function<std::int64_t(int year, int month, int day, std::int64_t ms_of_day)>;

// A time parameter of a period (from, to, since, until), any of:
//   1796630400000                  ms since the epoch (contract sec. 6, unchanged)
//   2026-12-07                     that day's midnight on the site's clock
//   2026-12-07T08:30[:15]          that time on the site's clock
//   2026-12-07T08:30[:15]Z, ...+01:00   that time at that offset
// NAME is for the message, which says which forms are accepted.
Parsed<std::int64_t> parse_time_param(std::string_view name, std::string_view text,
                                      const SiteLocalToUtc& site = {});

// Contract sec. 1: 1-64 chars of [A-Za-z0-9._-].
bool is_valid_id(std::string_view id);

}  // namespace vigie::api
