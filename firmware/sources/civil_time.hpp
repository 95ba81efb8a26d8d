// Dates and times as sources write them ("2012-07-01 10:58:39.750413",
// "2025-12-01T08:00:00+01:00") to ms since the epoch, without the C library's
// time zone state.
#pragma once

#include <cstdint>
#include <string_view>

namespace vigie::sources {

struct CivilTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
  bool has_zone = false;  // "Z" or an offset was written
  int offset_min = 0;     // east of UTC
};

// YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]]][Z|(+|-)HH[:]MM]; false if malformed or
// out of range.
bool parse_iso_datetime(std::string_view text, CivilTime& out);

// Days from 1970-01-01 to a proleptic Gregorian date.
std::int64_t days_from_civil(int year, int month, int day);

// The instant `t` names: its offset if it has one, else read as UTC.
std::int64_t to_epoch_ms(const CivilTime& t);

}  // namespace vigie::sources
