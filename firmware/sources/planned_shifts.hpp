// Schedules as a workforce-management tool exports them, read into planned
// shifts: a CSV file (a row per shift) or an iCalendar file (RFC 5545, read
// with libical: a VEVENT per shift, breaks as VEVENTs inside it whose
// CATEGORIES name their kind). Each shift says who (an ACD login, or a name
// the roster knows), when, its breaks, and when it was published.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigie::sources {

struct PlannedBreak {
  std::int64_t start = 0, end = 0;
  std::string kind;  // break, lunch, training...
};

struct PlannedShift {
  std::string agent;  // as the file names them (the roster may translate it)
  std::string team;   // may be empty
  std::string id;     // the shift id: the file's, or agent and local start date
  std::int64_t start = 0, end = 0;
  std::vector<PlannedBreak> breaks;
  std::optional<std::int64_t> published;
  std::uint64_t line = 0;  // where it is in the file (CSV line, or the VEVENT's order)
};

struct ScheduleProblem {
  std::uint64_t line = 0;
  std::string what;
};

// CSV with a header naming agent, start and end, and optionally team, shift,
// breaks ("12:00-12:45 lunch; 15:00-15:15 break", on the shift's date) and
// published. Times: "2025-12-01 08:00" in `zone`, or ISO 8601 with an offset.
// ',' or ';' separated. Rows that cannot be read go to `problems`.
std::vector<PlannedShift> read_schedule_csv(const std::string& text, const std::string& zone,
                                            std::vector<ScheduleProblem>& problems);

// iCalendar: a VEVENT per shift (DTSTART, DTEND, UID; DTSTAMP or LAST-MODIFIED
// as its publication), the agent in X-VIGIE-AGENT or, for a calendar per
// agent, the calendar's X-WR-CALNAME; a VEVENT whose CATEGORIES is a break kind
// (break, lunch, training...) is a break of the shift of that agent it lies in.
// Floating times are in `zone`.
std::vector<PlannedShift> read_schedule_ical(const std::string& text, const std::string& zone,
                                             std::vector<ScheduleProblem>& problems);

// A contract ID from any text (an iCalendar UID): kept if it is one, else its
// ID characters and a hash, within 64 chars.
std::string shift_id_from(const std::string& text);

}  // namespace vigie::sources
