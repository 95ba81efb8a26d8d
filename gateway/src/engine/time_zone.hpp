// A site's IANA time zone, read from the system's TZif files
// (/usr/share/zoneinfo, RFC 8536), to turn UTC event times into civil dates
// and local clock times and back. Immutable once loaded, so many sites'
// engines may share one without locks (unlike TZ + localtime_r).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/event.hpp"
#include "engine/civil_date.hpp"
#include "engine/posix_tz_rule.hpp"

namespace vigie::engine {

class TimeZoneError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LocalTime {
  CivilDate date;
  std::int64_t ms_of_day = 0;  // 0 .. 86'399'999 on the local clock
  std::int32_t offset_s = 0;   // east of UTC
};

class TimeZone {
 public:
  // Reads root/name. Throws TimeZoneError for an invalid name or file.
  static TimeZone load(std::string_view name,
                       const std::filesystem::path& root = "/usr/share/zoneinfo");
  static TimeZone from_tzif(std::string_view bytes, std::string name);
  static TimeZone utc();

  const std::string& name() const { return name_; }

  std::int32_t offset_at(TimestampMs utc) const;  // seconds east of UTC
  LocalTime to_local(TimestampMs utc) const;
  CivilDate date_of(TimestampMs utc) const { return to_local(utc).date; }

  // The instant a local clock reads `ms_of_day` on `date`. A time the clock
  // skips (spring forward) moves forward by the gap; a time it reads twice
  // (fall back) is its first reading.
  TimestampMs to_utc(CivilDate date, std::int64_t ms_of_day) const;
  // The first instant whose local date is `date` (a 23 h or 25 h day's length
  // is the difference of two of these).
  TimestampMs start_of_day(CivilDate date) const;

 private:
  TimeZone() = default;
  std::int32_t offset_at_second(std::int64_t t) const;

  std::string name_;
  std::vector<std::int64_t> transitions_;    // UTC seconds, increasing
  std::vector<std::int32_t> offsets_after_;  // offset in force from each transition
  std::int32_t initial_offset_ = 0;          // before the first transition
  std::optional<PosixTzRule> footer_;        // after the last transition
};

}  // namespace vigie::engine
