#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include "activity_map.hpp"
#include "planned_shifts.hpp"

namespace vigie::sources {

namespace {

// An instant from an iCalendar time: UTC, with its TZID (the file's VTIMEZONE),
// or floating (read in the site's zone).
bool instant(icaltimetype t, const std::string& zone, std::int64_t& ms) {
  if (icaltime_is_null_time(t) || !icaltime_is_valid_time(t)) return false;
  if (icaltime_is_utc(t) || t.zone != nullptr) {
    ms = static_cast<std::int64_t>(icaltime_as_timet_with_zone(t, t.zone)) * 1000;
    return true;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day,
                t.is_date ? 0 : t.hour, t.is_date ? 0 : t.minute, t.is_date ? 0 : t.second);
  return local_time_to_ms(text, zone, ms);
}

std::string x_property(icalcomponent* c, const char* name) {
  for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY)) {
    const char* x = icalproperty_get_x_name(p);
    if (x != nullptr && std::string(x) == name) {
      const char* v = icalproperty_get_x(p);
      return v != nullptr ? v : "";
    }
  }
  return "";
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_break_kind(const std::string& kind) {
  static const char* kKinds[] = {"break",   "lunch",    "pause",       "training", "coaching",
                                 "meeting", "recovery", "back_office", "personal"};
  return std::find_if(std::begin(kKinds), std::end(kKinds),
                      [&](const char* k) { return kind == k; }) != std::end(kKinds);
}

}  // namespace

std::vector<PlannedShift> read_schedule_ical(const std::string& text, const std::string& zone,
                                             std::vector<ScheduleProblem>& problems) {
  std::vector<PlannedShift> shifts;
  icalcomponent* root = icalparser_parse_string(text.c_str());
  if (root == nullptr) {
    problems.push_back({0, "not an iCalendar file (no VCALENDAR)"});
    return shifts;
  }
  // A file may hold one VCALENDAR or several (one per agent).
  std::vector<icalcomponent*> calendars;
  if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT) {
    calendars.push_back(root);
  } else {
    for (icalcomponent* c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
         c != nullptr; c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
      calendars.push_back(c);
  }
  struct Pending {
    std::string agent;
    PlannedBreak b;
  };
  std::vector<Pending> breaks;
  std::uint64_t number = 0;
  for (icalcomponent* calendar : calendars) {
    const std::string calendar_agent = x_property(calendar, "X-WR-CALNAME");
    for (icalcomponent* ev = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         ev != nullptr; ev = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
      ++number;
      auto fail = [&](const std::string& why) { problems.push_back({number, why}); };
      std::string agent = x_property(ev, "X-VIGIE-AGENT");
      if (agent.empty()) agent = calendar_agent;
      std::int64_t start = 0, end = 0;
      if (!instant(icalcomponent_get_dtstart(ev), zone, start) ||
          !instant(icalcomponent_get_dtend(ev), zone, end) || end <= start) {
        fail("DTSTART and DTEND are not a span of time");
        continue;
      }
      if (agent.empty()) {
        fail("no agent (X-VIGIE-AGENT, or the calendar's X-WR-CALNAME)");
        continue;
      }
      icalproperty* category = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY);
      const std::string kind =
          category != nullptr && icalproperty_get_categories(category) != nullptr
              ? lower(icalproperty_get_categories(category))
              : "";
      if (is_break_kind(kind)) {
        breaks.push_back({agent, {start, end, kind}});
        continue;
      }
      PlannedShift s;
      s.line = number;
      s.agent = agent;
      s.team = x_property(ev, "X-VIGIE-TEAM");
      s.start = start;
      s.end = end;
      const char* uid = icalcomponent_get_uid(ev);
      if (uid == nullptr || *uid == '\0') {
        fail("no UID: a republished shift could not replace this one");
        continue;
      }
      s.id = shift_id_from(uid);
      std::int64_t published = 0;
      icalproperty* modified = icalcomponent_get_first_property(ev, ICAL_LASTMODIFIED_PROPERTY);
      if (modified != nullptr && instant(icalproperty_get_lastmodified(modified), zone, published))
        s.published = published;
      else if (instant(icalcomponent_get_dtstamp(ev), zone, published))
        s.published = published;
      shifts.push_back(std::move(s));
    }
  }
  icalcomponent_free(root);
  for (const auto& p : breaks) {
    auto shift = std::find_if(shifts.begin(), shifts.end(), [&](const PlannedShift& s) {
      return s.agent == p.agent && p.b.start >= s.start && p.b.end <= s.end;
    });
    if (shift == shifts.end())
      problems.push_back({0, "a " + p.b.kind + " outside every shift of its agent"});
    else
      shift->breaks.push_back(p.b);
  }
  for (auto& s : shifts)
    std::sort(s.breaks.begin(), s.breaks.end(),
              [](const PlannedBreak& a, const PlannedBreak& b) { return a.start < b.start; });
  return shifts;
}

}  // namespace vigie::sources
