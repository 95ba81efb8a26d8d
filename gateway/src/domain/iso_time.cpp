#include "domain/iso_time.hpp"

#include <chrono>
#include <cstdio>

namespace vigie {

std::string iso_utc(TimestampMs t) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds(t)};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{tp - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()),
                long(hms.subseconds().count()));
  return buf;
}

}  // namespace vigie
